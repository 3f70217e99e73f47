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

// foldLatin is foldTable for the runes below U+0250 (Latin-1, Latin
// Extended-A and -B), as an array: most accented letters of texts are
// there, and folding looks each up. "" is no entry.
var foldLatin = func() (t [0x250]string) {
	for r, out := range foldTable {
		if r < rune(len(t)) {
			t[r] = out
		}
	}
	return t
}()

// foldLatin1 is what appendFold makes of each rune U+00C0–U+00FF, the
// accented letters of French and most Western texts, by the second byte of
// its UTF-8 form (after 0xC3): none is a space, a dash or a combining mark,
// so each folds alone, with one table read instead of a decode, a
// unicode.ToLower and a folded look-up.
var foldLatin1 = func() (t [64]string) {
	for b := range t {
		r := unicode.ToLower(rune(0xC0 + b))
		if out, ok := folded(r); ok {
			t[b] = out
		} else {
			t[b] = string(r)
		}
	}
	return t
}()

// FoldLatin1 is Fold of the letter whose UTF-8 form is 0xC3 b (U+00C0–U+00FF,
// b from 0x80 to 0xBF): for callers that fold the words of a text byte by
// byte, without a copy.
func FoldLatin1(b byte) string { return foldLatin1[b&0x3F] }

// foldsToSpace marks, in asciiFold, the bytes that separate words: "Etats-Unis"
// and "Etats Unis" are one name. No ASCII byte folds to it.
const foldsToSpace = 0xFF

// asciiFold is what appendFold makes of each ASCII byte, in one table read
// instead of a test per separator and a case test.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-':
			t[c] = foldsToSpace
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		default:
			t[c] = byte(c)
		}
	}
	return t
}()

// folded returns what foldTable maps r to.
func folded(r rune) (string, bool) {
	if r < rune(len(foldLatin)) {
		out := foldLatin[r]
		return out, out != ""
	}
	out, ok := foldTable[r]
	return out, ok
}

// Fold returns the key names are indexed under: lower case, without accents,
// typographic apostrophes made plain, hyphens and runs of spaces made one
// space (texts write "Etats Unis" as well as "Etats-Unis").
func Fold(s string) string {
	if alreadyFolded(s) {
		return s
	}
	var buf [keyBuffer]byte
	return string(appendFold(buf[:0], s))
}

// FoldInto appends Fold(s) to b and returns it: many keys can share one
// buffer instead of a string each, since bytes written to a Builder never
// change.
func FoldInto(b *strings.Builder, s string) string {
	var buf [keyBuffer]byte
	off := b.Len()
	b.Write(appendFold(buf[:0], s))
	return b.String()[off:]
}

// AppendFold appends Fold(s) to dst and returns it, for callers that look
// folded names up in tables of their own without a string per name.
func AppendFold(dst []byte, s string) []byte { return appendFold(dst, s) }

// appendFold appends Fold(s) to dst: folding into a buffer on the stack and
// indexing a map with string(key), which does not allocate, looks a name up
// without a new string.
func appendFold(dst []byte, s string) []byte {
	start := len(dst)
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			f := asciiFold[c]
			if f == foldsToSpace {
				space = true
				continue
			}
			if space {
				if len(dst) > start {
					dst = append(dst, ' ')
				}
				space = false
			}
			dst = append(dst, f)
			// The rest of a run of ASCII that is no separator, the bulk of
			// names: no space pending to write.
			for ; i < len(s) && s[i] < utf8.RuneSelf; i++ {
				if f = asciiFold[s[i]]; f == foldsToSpace {
					break
				}
				dst = append(dst, f)
			}
			continue
		}
		if c == 0xC3 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = append(dst, foldLatin1[s[i+1]&0x3F]...)
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) || r == '‐' || r == '‑' || r == '‒' || r == '–' {
			space = true
			continue
		}
		r = unicode.ToLower(r)
		out, ok := folded(r)
		if !ok {
			if unicode.Is(unicode.Mn, r) {
				// A combining accent: dropped, and a pending space stays pending.
				continue
			}
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = utf8.AppendRune(dst, r)
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, out...)
	}
	return dst
}

// IsFolded reports, cheaply, that Fold(s) is s: true for lower-case ASCII
// with single inner spaces, the common case for words of running text; it
// may answer false for other strings Fold leaves as they are.
func IsFolded(s string) bool { return alreadyFolded(s) }

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
