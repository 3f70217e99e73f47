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
	"encoding/binary"
	"math"
	"math/bits"
	"unicode"
	"unicode/utf8"
	"unsafe"
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
//
// A token takes 64 bytes, one cache line: a text has a token every five or
// six bytes, so the size of a token is much of the tokenizer's memory traffic.
type Token struct {
	Start, End int
	Norm       string

	// For numbers: the integer value (or the integer part times the scale
	// when a decimal is followed by a scale suffix), whether it had a decimal
	// part, and how many of the bytes of Norm are letters glued to it ("m",
	// "km", "th", "h"; see Suffix).
	Val       int64
	Frac      float64
	Digits    int32 // digits before any separator ("2019" → 4)
	SuffixLen uint8
	Decimal   bool
	Grouped   bool

	Kind TokKind
	// SpaceBefore is set when white space separates the token from the previous one.
	SpaceBefore bool
	// Upper is set when the token starts with an upper-case letter; AllCaps when
	// every letter is upper-case (and there are at least two).
	Upper, AllCaps bool
	// Elided marks French-style elisions: "d'", "l'", "qu'".
	Elided bool
}

// Suffix returns the letters glued to a number ("km" of "2km"), lower-cased.
func (t *Token) Suffix() string { return t.Norm[len(t.Norm)-int(t.SuffixLen):] }

// Text returns the token's original text.
func (t *Token) Text(text string) string { return text[t.Start:t.End] }

// maxTokens bounds the work done on a single text; untrusted input beyond
// this many tokens is ignored rather than allowed to grow memory without limit.
const maxTokens = 1 << 20

// isElision reports the French (and Italian) words that drop their vowel
// before a vowel and are written with an apostrophe: they become tokens of
// their own.
func isElision(w string) bool {
	switch w {
	case "l", "d", "qu", "n", "s", "j", "c", "m", "t",
		"jusqu", "lorsqu", "puisqu", "quelqu", "presqu", "aujourd",
		"dell", "all", "dall", "nell", "sull", "un":
		return true
	}
	return false
}

// Lower returns a lower-cased copy of text with exactly the same byte
// length, so that offsets into one are offsets into the other. Runes whose
// lower case has a different encoded length are left as they are.
func Lower(text string) string {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			b := AppendLower(make([]byte, 0, len(text)), text)
			// b is never written again: the string can share its memory, as
			// strings.Builder does.
			return unsafe.String(unsafe.SliceData(b), len(b))
		}
	}
	return text
}

// AppendLower appends Lower(text) to dst and returns the extended buffer, so
// that a caller can lower-case text after text into one buffer.
func AppendLower(dst []byte, text string) []byte {
	n := len(dst)
	dst = append(dst, text...)
	lowerInPlace(dst[n:])
	return dst
}

// Bytes of a uint64, for testing eight bytes of text at once.
const (
	ones    = 0x0101010101010101
	highBit = 0x8080808080808080
)

// lowerInPlace lower-cases b without changing its length (see Lower).
func lowerInPlace(b []byte) {
	for i := 0; i < len(b); {
		// Most of a text is lower-case ASCII: skip it eight bytes at a time,
		// up to the first byte that is not. In an ASCII byte, x+0x3F sets
		// the high bit from 'A' up and x+0x25 from 'Z'+1 up; a non-ASCII byte
		// may carry into the bytes after it, but those are not looked at.
		if i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			notLower := x&highBit | (x+0x3F*ones)&^(x+0x25*ones)&highBit
			if notLower == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(notLower) / 8
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		// Latin-1 capitals (À to Þ, not ×), the common case in European
		// text: their lower case is 0x20 further, in the same two bytes.
		if c == 0xC3 && i+1 < len(b) && b[i+1]&0xC0 == 0x80 {
			if c2 := b[i+1]; c2 <= 0x9E && c2 != 0x97 {
				b[i+1] = c2 + 0x20
			}
			i += 2
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if lr := unicode.ToLower(r); lr != r && utf8.RuneLen(lr) == size {
			utf8.EncodeRune(b[i:], lr)
		}
		i += size
	}
}

// LowerInPlace lower-cases b as Lower does; b must start and end at rune
// boundaries.
func LowerInPlace(b []byte) { lowerInPlace(b) }

// BoundaryAt reports whether Tokenize reaches byte i of text between two
// tokens, right after white space, so that AppendTokens may start there: i
// follows an ASCII white space byte, and no number with a space between its
// digit groups ("100 000") can run across it.
func BoundaryAt(text string, i int) bool {
	if i <= 0 || i >= len(text) {
		return false
	}
	switch text[i-1] {
	case ' ':
		return !isDigit(text[i])
	case '\t', '\n', '\r':
		return true
	}
	return false
}

// LowerRunEnd returns the end of the run of lower-case ASCII letters that
// starts at byte i of text.
func LowerRunEnd(text string, i int) int {
	// eight bytes at a time: in an ASCII byte x, x+0x1F sets the high bit
	// from 'a' up and x+0x05 from 'z'+1 up; a non-ASCII byte (high bit set)
	// may carry into the bytes after it, which are not looked at.
	for i+8 <= len(text) {
		x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(text[i:]), 8))
		notLower := (x | ^(x + 0x1F*ones) | (x + 0x05*ones)) & highBit
		if notLower != 0 {
			return i + bits.TrailingZeros64(notLower)/8
		}
		i += 8
	}
	for i < len(text) && 'a' <= text[i] && text[i] <= 'z' {
		i++
	}
	return i
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
	ok, _, size := letterAt(text, i)
	return ok, size
}

// letterAt reports whether a letter (or a combining mark) starts at byte i,
// whether it is upper-case, and its size, with fast paths for ASCII and
// Latin-1, the letters of most European text.
func letterAt(text string, i int) (letter, upper bool, size int) {
	if i >= len(text) {
		return false, false, 0
	}
	c := text[i]
	if c < utf8.RuneSelf {
		// c|0x20 maps 'A'-'Z' onto 'a'-'z' and no other byte into that range
		if lc := c | 0x20; 'a' <= lc && lc <= 'z' {
			return true, c <= 'Z', 1
		}
		return false, false, 1
	}
	if c == 0xC3 && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
		// U+00C0-U+00FF: letters but × (U+00D7) and ÷ (U+00F7); capitals up to Þ (U+00DE)
		c2 := text[i+1]
		return c2 != 0x97 && c2 != 0xB7, c2 <= 0x9E && c2 != 0x97, 2
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if unicode.IsLetter(r) {
		return true, unicode.IsUpper(r), size
	}
	return unicode.Is(unicode.Mn, r), false, size
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
	return AppendTokens(buf[:0], text, lower, 0, len(text))
}

// AppendTokens appends to toks the tokens of text that start in bytes
// [from, to), as Tokenize finds them, provided Tokenize would start no token
// before from that runs past it: from is 0 or follows ASCII white space that
// no number spans (see BoundaryAt). Only the lower case of the bytes of those
// tokens is read, so lower need only be Lower(text) there.
func AppendTokens(toks []Token, text, lower string, from, to int) []Token {
	space := true
	for i := from; i < to && len(toks) < maxTokens; {
		c := text[i]
		size := 1
		word := false
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				space = true
				i++
				continue
			case isDigit(c):
				toks = append(toks, Token{SpaceBefore: space})
				t := &toks[len(toks)-1]
				scanNumber(t, text, lower, i)
				i = t.End
				space = false
				continue
			case 'a' <= c|0x20 && c|0x20 <= 'z':
				// an ASCII letter, the start of most words: letterAt needs
				// no call
				word = true
			}
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
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
		if !word {
			word, _ = isLetterAt(text, i)
		}
		if word {
			toks = append(toks, Token{SpaceBefore: space})
			t := &toks[len(toks)-1]
			scanWord(t, text, lower, i)
			i = t.End
			if t.Elided {
				i += isApostrophe(text, i)
			}
		} else {
			toks = append(toks, Token{Start: i, End: i + size, Kind: Punct, Norm: lower[i : i+size], SpaceBefore: space})
			i += size
		}
		space = false
	}
	return toks
}

// scanWord reads the word at byte i into t, a new token.
func scanWord(t *Token, text, lower string, i int) {
	start := i
	upperFirst := false
	letters, uppers := 0, 0
	for i < len(text) {
		// most of a word is a run of lower-case ASCII letters
		run := LowerRunEnd(text, i)
		letters += run - i
		i = run
		if i == len(text) {
			break
		}
		var ok, upper bool
		size := 1
		if c := text[i]; c < utf8.RuneSelf {
			ok, upper = 'A' <= c && c <= 'Z', true
		} else {
			ok, upper, size = letterAt(text, i)
		}
		if !ok {
			if a := isApostrophe(text, i); a > 0 {
				if ok2, _ := isLetterAt(text, i+a); ok2 {
					if isElision(lower[start:i]) {
						t.Start, t.End, t.Kind, t.Norm, t.Upper, t.Elided = start, i, Word, lower[start:i], upperFirst, true
						return
					}
					i += a
					continue
				}
			}
			break
		}
		if upper {
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
	t.Start, t.End, t.Kind, t.Norm = start, i, Word, lower[start:i]
	t.Upper, t.AllCaps = upperFirst, letters >= 2 && uppers == letters
}

// scanNumber reads digits with their grouping separators and decimal part.
// A separator ('.', ',', or a space among U+0020, U+00A0, U+202F) followed by
// exactly three digits groups thousands; '.' or ',' followed by another count
// of digits is a decimal mark.
//
// It fills t, a new token.
func scanNumber(t *Token, text, lower string, i int) {
	start := i
	n := digitRun(text, i)
	var val int64
	for k := i; k < i+n; k++ {
		if val < 1e15 {
			val = val*10 + int64(text[k]-'0')
		}
	}
	t.Start, t.Kind, t.Digits = start, Number, int32(min(n, math.MaxInt32))
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
		t.SuffixLen = uint8(j - i)
		i = j
	}
	t.End = i
	t.Norm = lower[start:i]
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
	return Token{Start: start, End: i, Kind: Number, Norm: lower[start:i], Val: val, Digits: int32(min(n, math.MaxInt32))}
}
