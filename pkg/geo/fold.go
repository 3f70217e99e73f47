package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldTable maps accented Latin letters to their base letter, so that a text's
// "Lattaquie" or "Saint-Barthélémy" finds GeoNames' "Lattaquié" and
// "Saint-Barthélemy". It covers Latin-1, Latin Extended-A and the letters of
// Latin Extended-B and Additional that GeoNames transliterations use.
var foldTable = func() map[rune]string {
	groups := map[string]string{
		"a":  "àáâãäåāăąǎǟǡǻȁȃȧạảấầẩẫậắằẳẵặ",
		"ae": "æǣǽ", "c": "çćĉċč", "d": "ďđḍḏ", "dh": "ð",
		"e": "èéêëēĕėęěȅȇȩẹẻẽếềểễệə",
		"g": "ĝğġģǧǵ", "h": "ĥħḥḩḫẖ", "i": "ìíîïĩīĭįıǐȉȋịỉ", "j": "ĵǰ",
		"k": "ķǩḳ", "l": "ĺļľŀłḷ", "n": "ñńņňŉṅṇ", "o": "òóôõöøōŏőǒǫǭǿȍȏȫȭȯȱọỏốồổỗộớờởỡợơ",
		"oe": "œ", "r": "ŕŗřȑȓṛ", "s": "śŝşšșṣ", "ss": "ß", "t": "ţťŧțṭṯ", "th": "þ",
		"u": "ùúûüũūŭůűųǔǖǘǚǜȕȗụủứừửữựư", "w": "ŵẁẃẅ", "y": "ýÿŷȳỳỵỷỹ", "z": "źżžẓẕ",
		"'": "’‘ʻʼʿʾ`´",
	}
	t := map[rune]string{}
	for base, letters := range groups {
		for _, r := range letters {
			t[r] = base
		}
	}
	return t
}()

// Fold returns the key names are indexed under: lower case, without accents,
// typographic apostrophes made plain, hyphens and runs of spaces made one
// space (texts write "Etats Unis" as well as "Etats-Unis").
func Fold(s string) string {
	if alreadyFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			// "Etats-Unis" and "Etats Unis" are one name.
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' {
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) || r == '‐' || r == '‑' || r == '‒' || r == '–' {
			space = true
			continue
		}
		r = unicode.ToLower(r)
		out, ok := foldTable[r]
		if !ok {
			if unicode.Is(unicode.Mn, r) {
				// A combining accent: dropped, and a pending space stays pending.
				continue
			}
			out = string(r)
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(out)
	}
	return b.String()
}

// alreadyFolded reports whether s is lower-case ASCII with single inner
// spaces, the common case for words of running text, so Fold need not copy it.
func alreadyFolded(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, 'A' <= c && c <= 'Z', c == '\t', c == '\n', c == '\r', c == '-':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}
