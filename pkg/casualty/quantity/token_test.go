package quantity

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

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

// lowerRunes is Lower rune by rune, without the fast paths.
func lowerRunes(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if lr := unicode.ToLower(r); lr != r && utf8.RuneLen(lr) == size {
			utf8.EncodeRune(b[i:], lr)
		}
		i += size
	}
	return string(b)
}

// FuzzLower checks Lower, with its fast paths, against lowerRunes.
func FuzzLower(f *testing.F) {
	for _, s := range []string{"", "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{", "Blessés À PARIS, Ätna ÞÖR ×÷", "AAAAAAAAÉ\xffZZZZZZZZZ\xc3", "İstanbul ẞ Σ ǅ", "abcdefgh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Lower(s), lowerRunes(s); got != want {
			t.Fatalf("Lower(%q) = %q, want %q", s, got, want)
		}
	})
}
