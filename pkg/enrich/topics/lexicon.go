package topics

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/newswire/newswire/pkg/story/fold"
)

// minPrefix is the shortest stem a trailing * may extend: shorter stems
// ("mor*") would match unrelated words.
const minPrefix = 4

// term is one cue: a folded word sequence whose last word may be a prefix.
type term struct {
	words  []string
	prefix bool
	weight float64
	code   string
	lang   string // "" = every language
}

// lexicon indexes terms by their first word, exact or (single-word terms) prefix.
type lexicon struct {
	exact  map[string][]*term
	prefix map[string][]*term
	langs  map[string]bool
}

// match calls f for every term that matches words starting at i.
func (l *lexicon) match(words []string, i int, lang string, f func(*term)) {
	w := words[i]
	try := func(t *term) {
		if lang != "" && t.lang != "" && t.lang != lang {
			return
		}
		if i+len(t.words) > len(words) {
			return
		}
		for j := 1; j < len(t.words); j++ {
			got, want := words[i+j], t.words[j]
			last := j == len(t.words)-1
			if got != want && !(last && t.prefix && strings.HasPrefix(got, want)) {
				return
			}
		}
		f(t)
	}
	for _, t := range l.exact[w] {
		try(t)
	}
	for n := minPrefix; n <= len(w); n++ {
		for _, t := range l.prefix[w[:n]] {
			try(t)
		}
	}
}

func mustParse(text string) *lexicon {
	l, err := parseLexicon(text)
	if err != nil {
		// The lexicon is compiled into the binary: an error here is a
		// programming error that the package tests catch.
		panic(err)
	}
	return l
}

func parseLexicon(text string) (*lexicon, error) {
	l := &lexicon{exact: map[string][]*term{}, prefix: map[string][]*term{}, langs: map[string]bool{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		head, rest, ok := strings.Cut(line, ":")
		fields := strings.Fields(head)
		if !ok || len(fields) != 2 {
			return nil, fmt.Errorf("lexicon line %d: want \"<code> <lang>: terms\"", n+1)
		}
		code, lang := fields[0], fields[1]
		if _, ok := secondLevel[code]; !ok {
			return nil, fmt.Errorf("lexicon line %d: %s is not a second-level topic of the taxonomy", n+1, code)
		}
		if lang == "*" {
			lang = ""
		} else {
			l.langs[lang] = true
		}
		terms, err := splitTerms(rest)
		if err != nil {
			return nil, fmt.Errorf("lexicon line %d: %w", n+1, err)
		}
		for _, raw := range terms {
			t, err := parseTerm(raw, code, lang)
			if err != nil {
				return nil, fmt.Errorf("lexicon line %d: %w", n+1, err)
			}
			if t.prefix && len(t.words) == 1 {
				l.prefix[t.words[0]] = append(l.prefix[t.words[0]], t)
			} else {
				l.exact[t.words[0]] = append(l.exact[t.words[0]], t)
			}
		}
	}
	return l, nil
}

// splitTerms splits on spaces outside double quotes.
func splitTerms(s string) ([]string, error) {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case (r == ' ' || r == '\t') && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if quoted {
		return nil, fmt.Errorf("unbalanced quote in %q", s)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out, nil
}

func parseTerm(raw, code, lang string) (*term, error) {
	t := &term{weight: 1, code: code, lang: lang}
	if i := strings.LastIndexByte(raw, '^'); i >= 0 {
		w, err := strconv.ParseFloat(raw[i+1:], 64)
		if err != nil || w <= 0 {
			return nil, fmt.Errorf("bad weight in %q", raw)
		}
		t.weight, raw = w, raw[:i]
	}
	raw = strings.Trim(raw, `"`)
	if strings.HasSuffix(raw, "*") {
		t.prefix, raw = true, strings.TrimSuffix(raw, "*")
	}
	t.words = fold.Words(raw, nil)
	if len(t.words) == 0 {
		return nil, fmt.Errorf("empty term %q", raw)
	}
	if t.prefix && len(t.words[len(t.words)-1]) < minPrefix {
		return nil, fmt.Errorf("prefix %q shorter than %d letters", raw, minPrefix)
	}
	return t, nil
}
