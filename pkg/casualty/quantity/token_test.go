package quantity

import "testing"

// FuzzLowerRunEnd checks the eight-bytes-at-a-time scan against a byte loop.
func FuzzLowerRunEnd(f *testing.F) {
	for _, s := range []string{"", "abcdefghijklmnopqrstuvwxyz", "blessésContactée", "zzzzzzzz{aaaaaaa`", "\xff\xe1aaaaaaaaaaaa", "AbcdefghiJ"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, i int) {
		if i < 0 || i > len(s) {
			return
		}
		want := i
		for want < len(s) && 'a' <= s[want] && s[want] <= 'z' {
			want++
		}
		if got := LowerRunEnd(s, i); got != want {
			t.Fatalf("LowerRunEnd(%q, %d) = %d, want %d", s, i, got, want)
		}
	})
}
