// Package fold turns text into case- and accent-folded word tokens, so that
// "Évacués", "evacues" and "ÉVACUÉS" compare equal. Near-duplicate signatures
// (pkg/story) and topic lexicons (pkg/enrich/topics) both match on these tokens.
package fold

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// latin maps the precomposed Latin letters U+00C0–U+024F to their lower-case
// base letter; built once from Unicode decompositions rather than by hand.
var latin [0x250 - 0xC0]rune

func init() {
	for r := rune(0xC0); r < 0x250; r++ {
		lr := unicode.ToLower(r)
		base := lr
		d := norm.NFD.String(string(lr))
		if first, size := utf8.DecodeRuneInString(d); size > 0 {
			rest := d[size:]
			if strings.IndexFunc(rest, func(c rune) bool { return !unicode.Is(unicode.Mn, c) }) < 0 {
				base = first
			}
		}
		latin[r-0xC0] = base
	}
	// Letters with a stroke have no Unicode decomposition, yet writers drop
	// the stroke the same way they drop accents.
	for r, base := range map[rune]rune{'Ø': 'o', 'ø': 'o', 'Đ': 'd', 'đ': 'd', 'Ħ': 'h', 'ħ': 'h', 'ı': 'i', 'Ł': 'l', 'ł': 'l', 'Ŧ': 't', 'ŧ': 't', 'ƀ': 'b', 'Ɨ': 'i'} {
		latin[r-0xC0] = base
	}
}

// Rune folds one rune: lower case, Latin diacritics removed. Ligatures that
// expand to two letters (œ, æ, ß) are handled by Words/String.
func Rune(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0xC0 && r < 0x250:
		return latin[r-0xC0]
	default:
		return unicode.ToLower(r)
	}
}

// expand spells ligatures the way they are written without them.
func expand(r rune) string {
	switch r {
	case 'œ', 'Œ':
		return "oe"
	case 'æ', 'Æ':
		return "ae"
	case 'ß':
		return "ss"
	}
	return ""
}

// String folds s and maps every run of non-letter, non-digit characters to
// one space, without leading or trailing spaces.
func String(s string) string {
	return strings.Join(Words(s, nil), " ")
}

// Words appends the folded words of s to dst. A word is a maximal run of
// letters and digits; apostrophes, hyphens and punctuation separate words
// ("l'armée" gives "l", "armee"). Combining marks are dropped.
//
// Every word is a substring of one folded copy of s, so a text costs three
// allocations however many words it has.
func Words(s string, dst []string) []string {
	buf, ends := appendFolded(make([]byte, 0, len(s)+len(s)/8), s, nil)
	folded := string(buf)
	dst = slices.Grow(dst, len(ends))
	start := 0
	for _, e := range ends {
		dst = append(dst, folded[start:e])
		start = e
	}
	return dst
}

// Hashes appends to dst the 64-bit FNV-1a hash of each folded word of s
// (the words Words gives), hashing as it folds, without making the words:
// story signatures need only their hashes, for every dispatch.
func Hashes(s string, dst []uint64) []uint64 {
	h, inWord := uint64(fnvOffset), false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if inWord {
					dst = append(dst, h)
					h, inWord = fnvOffset, false
				}
				continue
			}
			h = (h ^ uint64(c)) * fnvPrime
			inWord = true
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			var folded [utf8.UTFMax]byte
			b := folded[:0]
			if e := expand(r); e != "" {
				b = append(b, e...)
			} else {
				b = utf8.AppendRune(b, Rune(r))
			}
			for _, x := range b {
				h = (h ^ uint64(x)) * fnvPrime
			}
			inWord = true
		default:
			if inWord {
				dst = append(dst, h)
				h, inWord = fnvOffset, false
			}
		}
	}
	if inWord {
		dst = append(dst, h)
	}
	return dst
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// appendFolded appends the folded words of s to buf, one after the other,
// and to ends where each one ends in buf (a word starts where the previous
// one ends).
func appendFolded(buf []byte, s string, ends []int) ([]byte, []int) {
	if ends == nil {
		ends = make([]int, 0, min(len(s)/6+1, 1<<16))
	}
	end := func() {
		if last := 0; len(ends) > 0 {
			last = ends[len(ends)-1]
			if last == len(buf) {
				return
			}
		} else if len(buf) == 0 {
			return
		}
		ends = append(ends, len(buf))
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				buf = append(buf, c)
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+'a'-'A')
			default:
				end()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if e := expand(r); e != "" {
				buf = append(buf, e...)
				continue
			}
			buf = utf8.AppendRune(buf, Rune(r))
		default:
			end()
		}
	}
	end()
	return buf, ends
}
