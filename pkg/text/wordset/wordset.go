// Package wordset builds the word lists (lexicons) the language packages
// keep as Go source: sets of lower-case words written as space-separated text.
package wordset

import "strings"

// Of returns the set of every white-space separated word in lists.
func Of(lists ...string) map[string]bool {
	m := map[string]bool{}
	for _, l := range lists {
		for _, w := range strings.Fields(l) {
			m[w] = true
		}
	}
	return m
}
