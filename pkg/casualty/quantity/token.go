// Package quantity finds quantities of things in news text: numbers written
// in digits in every national convention (100.000, 100 000, 100,000, 1,5
// million, 1.2m), numbers spelled out in French, English, Spanish, German,
// Portuguese and Italian, vague quantity words (dozens, des centaines,
// Tausende) and the qualifiers that bound them (at least, plus de, up to),
// mapping each to the low/high interval that corpus/GUIDELINES.md defines.
//
// It works on tokens rather than on raw strings so that the casualty grammar
// built on top of it can look at the words around a quantity (its head noun,
// a unit, a month name) to decide whether it counts people at all.
package quantity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokKind classifies a token.
type TokKind uint8

// Token kinds.
const (
	Word TokKind = iota + 1
	Number
	Punct
)

// Token is one word, number or punctuation mark of a text. Offsets are bytes
// into the original text; Norm is the lower-cased form (for elided French
// words such as "d'" or "l'", without the apostrophe).
type Token struct {
	Start, End int
	Kind       TokKind
	Norm       string
	// SpaceBefore is set when white space separates the token from the previous one.
	SpaceBefore bool
	// Upper is set when the token starts with an upper-case letter; AllCaps when
	// every letter is upper-case (and there are at least two).
	Upper, AllCaps bool
	// Elided marks French-style elisions: "d'", "l'", "qu'".
	Elided bool

	// For numbers: the integer value (or the integer part times the scale
	// when a decimal is followed by a scale suffix), whether it had a decimal
	// part, and the letters glued to it ("m", "km", "th", "h").
	Val     int64
	Frac    float64
	Decimal bool
	Grouped bool
	Suffix  string
	// Digits is the number of digits before any separator ("2019" → 4).
	Digits int
}

// Text returns the token's original text.
func (t *Token) Text(text string) string { return text[t.Start:t.End] }

// maxTokens bounds the work done on a single text; untrusted input beyond
// this many tokens is ignored rather than allowed to grow memory without limit.
const maxTokens = 1 << 20

// elisions are French (and Italian) words that drop their vowel before a
// vowel and are written with an apostrophe: they become tokens of their own.
var elisions = map[string]bool{
	"l": true, "d": true, "qu": true, "n": true, "s": true, "j": true, "c": true, "m": true, "t": true,
	"jusqu": true, "lorsqu": true, "puisqu": true, "quelqu": true, "presqu": true, "aujourd": true,
	"dell": true, "all": true, "dall": true, "nell": true, "sull": true, "un": true,
}

// Lower returns a lower-cased copy of text with exactly the same byte
// length, so that offsets into one are offsets into the other. Runes whose
// lower case has a different encoded length are left as they are.
func Lower(text string) string {
	ascii, upper := true, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if ascii && !upper {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		lr := unicode.ToLower(r)
		if lr != r && utf8.RuneLen(lr) == size {
			b.WriteRune(lr)
		} else {
			b.WriteString(text[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isSpaceRune covers the spaces used inside numbers: U+00A0 and U+202F
// (French thousands separators) and U+2009.
func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == 0xA0 || r == 0x202F || r == 0x2009 || r == 0x2007 || unicode.IsSpace(r)
}

func isNumSpace(text string, i int) (int, bool) {
	if i >= len(text) {
		return 0, false
	}
	c := text[i]
	if c == ' ' {
		return 1, true
	}
	if c < utf8.RuneSelf {
		return 0, false
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if r == 0xA0 || r == 0x202F || r == 0x2009 || r == 0x2007 {
		return size, true
	}
	return 0, false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitRun(text string, i int) int {
	j := i
	for j < len(text) && isDigit(text[j]) {
		j++
	}
	return j - i
}

func isLetterAt(text string, i int) (bool, int) {
	if i >= len(text) {
		return false, 0
	}
	c := text[i]
	if c < utf8.RuneSelf {
		return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'), 1
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r), size
}

func isApostrophe(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	if text[i] == '\'' {
		return 1
	}
	if text[i] == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0x99 || text[i+2] == 0x98) {
		return 3
	}
	return 0
}

// Tokenize splits text into tokens, appending to buf (which may be nil) and
// returning it. lower must be Lower(text).
func Tokenize(text, lower string, buf []Token) []Token {
	toks := buf[:0]
	space := true
	for i := 0; i < len(text) && len(toks) < maxTokens; {
		c := text[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				space = true
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if isSpaceRune(r) {
				space = true
				i += size
				continue
			}
			if arabicDigit(r) >= 0 {
				t := scanArabicNumber(text, lower, i)
				t.SpaceBefore = space
				toks = append(toks, t)
				i = t.End
				space = false
				continue
			}
		}
		start := i
		switch {
		case isDigit(c):
			t := scanNumber(text, lower, i)
			t.SpaceBefore = space
			toks = append(toks, t)
			i = t.End
		default:
			if ok, _ := isLetterAt(text, i); ok {
				t := scanWord(text, lower, i)
				t.SpaceBefore = space
				toks = append(toks, t)
				i = t.End
				if t.Elided {
					i += isApostrophe(text, i)
				}
			} else {
				size := 1
				if c >= utf8.RuneSelf {
					_, size = utf8.DecodeRuneInString(text[i:])
				}
				toks = append(toks, Token{Start: start, End: i + size, Kind: Punct, Norm: lower[start : i+size], SpaceBefore: space})
				i += size
			}
		}
		space = false
	}
	return toks
}

func scanWord(text, lower string, i int) Token {
	start := i
	upperFirst := false
	letters, uppers := 0, 0
	for i < len(text) {
		ok, size := isLetterAt(text, i)
		if !ok {
			if a := isApostrophe(text, i); a > 0 {
				if ok2, _ := isLetterAt(text, i+a); ok2 {
					if elisions[lower[start:i]] {
						return Token{Start: start, End: i, Kind: Word, Norm: lower[start:i], Upper: upperFirst, Elided: true}
					}
					i += a
					continue
				}
			}
			break
		}
		r, _ := utf8.DecodeRuneInString(text[i:])
		if unicode.IsUpper(r) {
			if letters == 0 {
				upperFirst = true
			}
			// "blessésContactée": scraped text often lost the space (and the
			// period) between sentences; a capital after three lower-case
			// letters starts a new word.
			if letters >= 3 && uppers == 0 {
				break
			}
			uppers++
		}
		letters++
		i += size
	}
	return Token{Start: start, End: i, Kind: Word, Norm: lower[start:i], Upper: upperFirst, AllCaps: letters >= 2 && uppers == letters}
}

// scanNumber reads digits with their grouping separators and decimal part.
// A separator ('.', ',', or a space among U+0020, U+00A0, U+202F) followed by
// exactly three digits groups thousands; '.' or ',' followed by another count
// of digits is a decimal mark.
func scanNumber(text, lower string, i int) Token {
	start := i
	n := digitRun(text, i)
	var val int64
	for k := i; k < i+n; k++ {
		if val < 1e15 {
			val = val*10 + int64(text[k]-'0')
		}
	}
	t := Token{Start: start, Kind: Number, Digits: n}
	i += n
	firstLen := n
	var sep byte
	for i < len(text) {
		c := text[i]
		if (c == '.' || c == ',') && i+1 < len(text) && isDigit(text[i+1]) {
			g := digitRun(text, i+1)
			if g == 3 && firstLen <= 3 && (sep == 0 || sep == c) && !t.Decimal {
				sep = c
				for k := i + 1; k < i+1+g; k++ {
					if val < 1e15 {
						val = val*10 + int64(text[k]-'0')
					}
				}
				t.Grouped = true
				i += 1 + g
				continue
			}
			if t.Decimal || (sep != 0 && sep == c) {
				break
			}
			// decimal part
			frac, div := 0.0, 1.0
			for k := i + 1; k < i+1+g && k < i+1+9; k++ {
				div *= 10
				frac += float64(text[k]-'0') / div
			}
			t.Decimal = true
			t.Frac = frac
			i += 1 + g
			continue
		}
		if sz, ok := isNumSpace(text, i); ok && !t.Decimal && firstLen <= 3 && (sep == 0 || sep == ' ') {
			g := digitRun(text, i+sz)
			if g == 3 {
				after := i + sz + 3
				if after >= len(text) || !((text[after] == '.' || text[after] == ',') && after+1 < len(text) && isDigit(text[after+1])) {
					sep = ' '
					for k := i + sz; k < i+sz+3; k++ {
						if val < 1e15 {
							val = val*10 + int64(text[k]-'0')
						}
					}
					t.Grouped = true
					i += sz + 3
					continue
				}
			}
		}
		break
	}
	t.Val = val
	// Letters glued to the number: "1.2m", "24h", "10th", "27e", "2km".
	j := i
	for j < len(text) {
		ok, size := isLetterAt(text, j)
		if !ok {
			break
		}
		j += size
	}
	if j > i && j-i <= 6 {
		t.Suffix = lower[i:j]
		i = j
	}
	t.End = i
	t.Norm = lower[start:i]
	return t
}

// arabicDigit returns the value of an Arabic-Indic or Extended Arabic-Indic
// digit, or -1.
func arabicDigit(r rune) int {
	switch {
	case r >= 0x0660 && r <= 0x0669:
		return int(r - 0x0660)
	case r >= 0x06F0 && r <= 0x06F9:
		return int(r - 0x06F0)
	}
	return -1
}

// scanArabicNumber reads a run of Arabic-Indic digits, with U+066C or ','
// as thousands separator.
func scanArabicNumber(text, lower string, i int) Token {
	start := i
	var val int64
	n := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if d := arabicDigit(r); d >= 0 {
			if val < 1e15 {
				val = val*10 + int64(d)
			}
			n++
			i += size
			continue
		}
		if r == 0x066C && i+size < len(text) {
			if r2, _ := utf8.DecodeRuneInString(text[i+size:]); arabicDigit(r2) >= 0 {
				i += size
				continue
			}
		}
		break
	}
	return Token{Start: start, End: i, Kind: Number, Norm: lower[start:i], Val: val, Digits: n}
}
