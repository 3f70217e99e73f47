package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/text/segment"
)

// token is a word or punctuation mark of a text, at bytes [start, end).
// Offsets are int32 (texts are at most MaxText bytes) and the facts bits of
// one word: a token is 20 bytes, and a text's tokens touch few cache lines.
type token struct {
	start, end int32
	lists      list       // the word lists its lower-case form is in (see lexicon.go)
	low        int32      // its lower-case form is a.lows[low-1]; 0 if that is its text (see analysis.lower)
	flags      tokenFlags // what it is, read by the methods below
}

// tokenFlags are a token's facts, a bit each.
type tokenFlags uint16

const (
	tokWord       tokenFlags = 1 << iota // letters/digits, not punctuation
	tokCap                               // starts with a capital, or is a name particle joined to one (al-Assad)
	tokAllCaps                           // two or more letters, all capitals (OSDH, U.S.)
	tokDigit                             // starts with a digit
	tokInitial                           // first word of its sentence, or of a quotation
	tokElision                           // a French/Italian elided article or preposition (l', d', dell')
	tokASCII                             // all its bytes are ASCII: lower-cased byte by byte
	tokLowered                           // a plain word in lower case: its text is its lower-case form, and has no hyphen
	tokLineBefore                        // a line break separates it from the token before
	tokPlain                             // read by scanPlain: letters and digits only, no hyphen, period or apostrophe
)

func (t *token) word() bool       { return t.flags&tokWord != 0 }
func (t *token) cap() bool        { return t.flags&tokCap != 0 }
func (t *token) allCaps() bool    { return t.flags&tokAllCaps != 0 }
func (t *token) digit() bool      { return t.flags&tokDigit != 0 }
func (t *token) initial() bool    { return t.flags&tokInitial != 0 }
func (t *token) elision() bool    { return t.flags&tokElision != 0 }
func (t *token) ascii() bool      { return t.flags&tokASCII != 0 }
func (t *token) lowered() bool    { return t.flags&tokLowered != 0 }
func (t *token) lineBefore() bool { return t.flags&tokLineBefore != 0 }
func (t *token) plain() bool      { return t.flags&tokPlain != 0 }

// flagIf is f if b, else 0.
func flagIf(b bool, f tokenFlags) tokenFlags {
	if b {
		return f
	}
	return 0
}

// hyphenParticles join a surname with a hyphen: al-Assad, el-Sissi, ben-Gvir (not ex-PDG).
var hyphenParticles = map[string]bool{"al": true, "el": true, "ad": true, "as": true, "ash": true, "an": true, "ar": true,
	"at": true, "az": true, "ben": true, "bin": true, "abu": true, "ibn": true, "ould": true, "ag": true, "bou": true}

// isElision reports whether w is one of the words French and Italian write
// with an apostrophe before a vowel (l, d, qu, jusqu, dell…), in any case;
// "l'Observatoire" is two tokens, so that the name starts at the capital.
// A switch: the compiler compares lengths and bytes, with no hashing.
func isElision(w string) bool {
	if len(w) > 24 {
		return false // more than six runes: longer in lower case than any of them
	}
	var buf [32]byte
	low := appendLower(buf[:0], w)
	if len(low) > 6 {
		return false // longer than any of them (and no string made of it)
	}
	switch string(low) {
	case "l", "d", "j", "m", "n", "s", "t", "c", "qu",
		"jusqu", "lorsqu", "puisqu", "quoiqu",
		"dell", "all", "nell", "sull", "dall", "un", "quell":
		return true
	}
	return false
}

func isApos(r rune) bool { return r == '\'' || r == '’' }

// tokenize splits a.text into a.toks, the sentence starts coming from
// pkg/text/segment, and reads each token as it is made (see readToken): one
// pass over the text, with the hash scanPlain computes still at hand.
func (a *analysis) tokenize(v *vocabulary) {
	text, toks := a.text, a.toks[:0]
	a.sentences = segment.AppendSentences(a.sentences[:0], text)
	sentences := a.sentences
	si := 0
	// The sentence index changes, or a sentence starts, only once i reaches
	// nextSentence: before it, the loop need not look at sentences.
	nextSentence := 0
	// The flags the next token takes from what came before it: tokInitial
	// (no word yet in the current sentence or quotation), tokLineBefore (a
	// line break since the last token); and afterSemicolon, for the readers.
	const afterSemicolon tokenFlags = 1 << 15 // the last token is a semicolon, which breaks a sentence too
	pending := tokInitial
	for i := 0; i < len(text); {
		if i >= nextSentence {
			for si < len(sentences) && sentences[si].End <= i {
				si++
			}
			switch {
			case si == len(sentences):
				nextSentence = len(text)
			case i < sentences[si].Start:
				nextSentence = sentences[si].Start
			default:
				if sentences[si].Start == i {
					pending |= tokInitial
				}
				nextSentence = sentences[si].End
			}
		}
		c := text[i]
		if c == ' ' {
			i++
			continue
		}
		if c < utf8.RuneSelf && asciiWordByte[c] || c == 0xC3 {
			// Most words are plain (see scanPlain): read in one pass, and the
			// token made once. The others, and 0xC3 that starts no letter,
			// take the general path below.
			if end, key, shape, ok := scanPlain(text, i); ok {
				k, start := len(toks), i
				toks = append(toks, token{start: int32(i), end: int32(end),
					flags: shape | tokWord | tokPlain | pending&(tokInitial|tokLineBefore)})
				inner := pending == 0
				pending = 0
				i = end
				if i < len(text) && text[i] == ' ' && i < nextSentence {
					// The one space after most words: the loop would skip it, and no
					// sentence starts at it.
					i++
				}
				if inner && shape&(tokLowered|tokDigit) == tokLowered {
					// The commonest token.
					a.readInnerLowerWord(v, &toks[k], k, text[start:end], key)
				} else {
					a.readToken(v, toks, k, key)
				}
				continue
			}
			// An elided article or preposition before a plain word ("l'homme",
			// "qu'il", "d’Alep"): the two tokens the general path makes of it.
			if k, asz := elidedPrefix(text, i); k > 0 {
				if end, key, shape, ok := scanPlain(text, i+k+asz); ok {
					first := len(toks)
					toks = append(toks,
						token{start: int32(i), end: int32(i + k + asz), flags: tokWord | tokElision | pending&(tokInitial|tokLineBefore) | flagIf(asz == 1, tokASCII)},
						token{start: int32(i + k + asz), end: int32(end), flags: shape | tokWord | tokPlain})
					pending = 0
					i = end
					a.readToken(v, toks, first, 0)
					a.readToken(v, toks, first+1, key)
					continue
				}
			}
		}
		// decodeRune, inlined by hand: most of a text's characters are ASCII.
		r, size := rune(c), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if isSpace(r) {
			if r == '\n' {
				pending |= tokInitial | tokLineBefore
			}
			i += size
			continue
		}
		first := len(toks) // the tokens this iteration adds start here
		if !isWordRune(r) {
			toks = append(toks, token{start: int32(i), end: int32(i + size), flags: flagIf(r < utf8.RuneSelf, tokASCII)})
			// An opening quotation or a dash that starts a clause begins a capitalised run of its own.
			if r == '"' || r == '«' || r == '“' || r == '—' || r == '–' || (r == '-' && i+1 < len(text) && text[i+1] == ' ') || r == ':' {
				pending |= tokInitial
			}
			// A sentence glued to the last one, "upazila.Witnesses said": the
			// segmenter wants a space, but a word after a lower-case word's period starts one.
			if r == '.' && len(toks) > 1 && int(toks[len(toks)-2].end) == i && gluedSentence(text, toks[len(toks)-2], i+size) {
				pending |= tokInitial
			}
			breaks := first > 0 && pending&(tokLineBefore|afterSemicolon) != 0 // as readToken's test
			toks[first].flags |= pending & tokLineBefore
			pending &^= tokLineBefore | afterSemicolon
			if r == ';' {
				pending |= afterSemicolon
			}
			i += size
			if r >= utf8.RuneSelf {
				a.readToken(v, toks, first, 0)
				continue
			}
			// readToken of ASCII punctuation, which is its own lower case and
			// no vocabulary word: it may break a sentence, or open a parenthesis.
			if breaks {
				a.breaks = append(a.breaks, first)
			}
			if r == '(' {
				a.parens = append(a.parens, first)
			}
			continue
		}
		// A word scanPlain does not read (or could not: it starts with a
		// letter of another script).
		end := wordEnd(text, i)
		w := text[i:end]
		// Elided article: "l'Observatoire" → "l'" + "Observatoire".
		elided := false
		if k := indexApostrophe(w); k > 0 {
			_, asz := utf8.DecodeRuneInString(w[k:])
			if isElision(w[:k]) && k+asz < len(w) {
				toks = append(toks, token{start: int32(i), end: int32(i + k + asz),
					flags: tokWord | tokElision | pending&tokInitial | flagIf(isASCII(w[:k+asz]), tokASCII)})
				pending &^= tokInitial
				i += k + asz
				w = text[i:end]
				elided = true
			}
		}
		// English possessive: "NOPD's" → "NOPD" + "'s".
		if n := len(w); n > 2 && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")) {
			cut := strings.LastIndexAny(w, "'’")
			toks = append(toks, wordToken(text, i, i+cut, pending&tokInitial != 0))
			toks = append(toks, token{start: int32(i + cut), end: int32(end), flags: flagIf(isASCII(text[i+cut:end]), tokASCII)})
		} else {
			toks = append(toks, token{start: int32(i), flags: pending & tokInitial})
			// The rest of an elided word, "Observatoire", may well be plain.
			if t := &toks[len(toks)-1]; !elided || !isPlainWord(text, t) || int(t.end) != end {
				*t = wordToken(text, i, end, pending&tokInitial != 0)
			}
		}
		toks[first].flags |= pending & tokLineBefore
		pending = 0
		i = end
		for k := first; k < len(toks); k++ {
			a.readToken(v, toks, k, 0)
		}
	}
	a.toks = toks
}

// decodeRune is utf8.DecodeRuneInString(text[i:]) with the ASCII case inline.
func decodeRune(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// isSpace is unicode.IsSpace, inlined for ASCII.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// elidedPrefix returns the length k of an elided word at i ("l", "qu",
// "jusqu": at most six ASCII letters that isElision takes) and asz, that of
// the apostrophe after it (' or ’); k is 0 if there is none.
func elidedPrefix(text string, i int) (k, asz int) {
	for k < 6 && i+k < len(text) && ('a' <= text[i+k]|0x20 && text[i+k]|0x20 <= 'z') {
		k++
	}
	switch j := i + k; {
	case k == 0 || j >= len(text):
		return 0, 0
	case text[j] == '\'':
		asz = 1
	case strings.HasPrefix(text[j:], "’"):
		asz = 3
	default:
		return 0, 0
	}
	if !isElision(text[i : i+k]) {
		return 0, 0
	}
	return k, asz
}

// indexApostrophe is strings.IndexAny(w, "'’") without its per-call rune
// decoding: the bytes of ’ (E2 80 99) cannot occur inside another character.
func indexApostrophe(w string) int {
	for k := 0; k < len(w); k++ {
		switch w[k] {
		case '\'':
			return k
		case 0xE2:
			if k+2 < len(w) && w[k+1] == 0x80 && w[k+2] == 0x99 {
				return k
			}
		}
	}
	return -1
}

func isASCII(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendLower appends strings.ToLower(s) to dst, byte by byte when s is
// ASCII: a look-up key built on the stack instead of a new string.
func appendLower(dst []byte, s string) []byte {
	n := len(dst)
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c >= utf8.RuneSelf {
			return append(dst[:n], strings.ToLower(s)...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// isWordRune reports whether r is a letter, digit or combining mark; the
// ASCII test is inlined, the others are a call.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWordByte[r]
	}
	return isWordRuneNonASCII(r)
}

// asciiWordByte says which ASCII bytes are letters or digits: a table keeps
// isWordRune small enough to inline.
var asciiWordByte = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = asciiAlnum(byte(c))
	}
	return t
}()

func isWordRuneNonASCII(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordEnd returns where the word starting at i ends: letters and digits,
// joined by inner hyphens, apostrophes and the periods of initialisms (U.S.).
func wordEnd(text string, i int) int {
	end := i
	letters := 0
	for end < len(text) {
		if c := text[end]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			// Most of a word's bytes: ASCII letters and digits.
			end++
			letters++
			continue
		}
		r, size := decodeRune(text, end)
		if isWordRune(r) {
			end += size
			letters++
			continue
		}
		if r == '-' || isApos(r) || r == '.' {
			next, _ := utf8.DecodeRuneInString(text[end+size:])
			if end+size < len(text) && isWordRune(next) {
				// A period joins only single letters: U.S.A, not "fin.Le".
				if r == '.' && letters != 1 {
					break
				}
				if r == '.' {
					letters = 0
				}
				end += size
				continue
			}
			// Trailing period of an initialism: "U.S." keeps its last period.
			if r == '.' && letters == 1 && strings.Contains(text[i:end], ".") {
				end += size
			}
		}
		break
	}
	return end
}

func wordToken(text string, start, end int, initial bool) token {
	w := text[start:end]
	r, _ := decodeRune(w, 0)
	digit := unicode.IsDigit(r)
	capital := unicode.IsUpper(r)
	if !capital && !digit {
		// Name particles joined by a hyphen: al-Assad, el-Sissi, ben-Gvir.
		if k := strings.IndexByte(w, '-'); k > 0 && hyphenParticles[strings.ToLower(w[:k])] {
			r2, _ := utf8.DecodeRuneInString(w[k+1:])
			capital = unicode.IsUpper(r2)
		}
	}
	upper, lower := 0, 0
	digits := false
	ascii := true
	for k := 0; k < len(w); {
		c := w[k]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				upper++
			case 'a' <= c && c <= 'z':
				lower++
			case '0' <= c && c <= '9':
				digits = true
			}
			k++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRuneInString(w[k:])
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
		k += size
	}
	allCaps := upper >= 2 && lower == 0
	if romanOrdinal(w) {
		// "Ve République", "XVIIIe arrondissement": numbers, not names.
		capital, allCaps = false, false
	}
	if !digit && digits {
		// Names have no digits: "G36", "PK52", "Covid-19" are references or codes.
		capital, allCaps = false, false
	}
	return token{start: int32(start), end: int32(end), flags: tokWord | flagIf(initial, tokInitial) | flagIf(digit, tokDigit) |
		flagIf(capital, tokCap) | flagIf(allCaps, tokAllCaps) | flagIf(ascii, tokASCII)}
}

// scanPlain reads the word starting at i in one pass, as wordEnd and
// wordToken would, when it is letters and digits of ASCII and Latin-1 (é,
// à, ç…) up to a space, or up to ASCII punctuation that joins no word to
// it: most words are. It returns its end, rollWord of it in lower case, and
// its shape: the flags tokCap, tokAllCaps, tokDigit, tokASCII and
// tokLowered of its token. It reports false for the others (hyphenated,
// elided, abbreviated, other scripts).
func scanPlain(text string, i int) (end int, key hashing, shape tokenFlags, ok bool) {
	var h hashing // of the word in lower case
	upper, lower, digits := 0, 0, false
	shape = tokLowered | tokASCII // until a capital or a Latin-1 letter
	end = i
scan:
	for end < len(text) {
		c := text[end]
		switch {
		case 'a' <= c && c <= 'z':
			// Most of a word's bytes: a run of them takes a loop of its own.
			for {
				h = h.add(c)
				if end++; end == len(text) {
					break
				}
				if c = text[end]; c < 'a' || c > 'z' {
					break
				}
			}
			lower++ // counts runs: only lower == 0 matters
			if c == ' ' {
				break scan // the commonest end of a word, before the cases below
			}
			continue
		case 'A' <= c && c <= 'Z':
			upper++
			shape &^= tokLowered
			c += 'a' - 'A'
		case '0' <= c && c <= '9':
			digits = true
		case c == 0xC3 && end+1 < len(text) && latin1Letter(text[end+1]):
			c2 := text[end+1]
			if c2 <= 0x9E { // À to Þ, whose lower case is 0x20 on
				upper++
				shape &^= tokLowered
				c2 += 0x20
			} else {
				lower++
			}
			h = h.add(c).add(c2)
			shape &^= tokASCII
			end += 2
			continue
		case c == '-' || c == '\'' || c == '.':
			if end+1 < len(text) && (text[end+1] >= utf8.RuneSelf || asciiAlnum(text[end+1])) {
				return 0, 0, 0, false // it may join a word: wordEnd decides
			}
			break scan // "fin. Le", "anti- et", "les parents' choix"
		case c >= utf8.RuneSelf:
			return 0, 0, 0, false
		default:
			break scan
		}
		h = h.add(c)
		end++
	}
	if end == i {
		return 0, 0, 0, false
	}
	if first := text[i]; 'a' <= first && first <= 'z' {
		// Most words: neither a capital nor a digit first, so no Roman
		// numeral, no name and no all-capital word either.
		return end, h, shape, true
	}
	return end, h, capitalShape(text[i:end], shape, upper >= 2 && lower == 0, digits), true
}

// capitalShape adds to shape, that of the plain word w, the flags its first
// character decides, as wordToken would: it starts with a digit, it is
// capitalised, all-capital (allCaps: two capitals or more and no lower-case
// letter). digits is whether it has any.
func capitalShape(w string, shape tokenFlags, allCaps, digits bool) tokenFlags {
	first := w[0]
	digit := '0' <= first && first <= '9'
	if digit {
		shape |= tokDigit
	}
	if (first == 'I' || first == 'V' || first == 'X') && romanOrdinal(w) || !digit && digits {
		// As wordToken: Roman ordinals and codes are no names.
		return shape
	}
	if 'A' <= first && first <= 'Z' || first == 0xC3 && w[1] <= 0x9E {
		shape |= tokCap
	}
	if allCaps {
		shape |= tokAllCaps
	}
	return shape
}

// plainWord is scanPlain of the word at t.start, written into t, with its hash.
func plainWord(text string, t *token) (hashing, bool) {
	end, h, shape, ok := scanPlain(text, int(t.start))
	if !ok {
		return 0, false
	}
	t.end, t.flags = int32(end), t.flags&tokInitial|tokWord|tokPlain|shape
	return h, true
}

// isPlainWord is plainWord without the hash.
func isPlainWord(text string, t *token) bool {
	_, ok := plainWord(text, t)
	return ok
}

func asciiAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// latin1Letter reports whether c, after the byte 0xC3, makes a letter of
// U+00C0–U+00FF: all are but × and ÷.
func latin1Letter(c byte) bool { return 0x80 <= c && c <= 0xBF && c != 0x97 && c != 0xB7 }

// romanOrdinal reports whether w is a Roman numeral with a French ordinal
// suffix (Ve, XVIIIe, Ier, IIIème).
func romanOrdinal(w string) bool {
	if w == "" || w[0] != 'I' && w[0] != 'V' && w[0] != 'X' {
		return false // the numeral before any suffix starts the word
	}
	for _, suf := range []string{"ème", "eme", "er", "e"} {
		if n, ok := strings.CutSuffix(w, suf); ok && n != "" {
			for _, r := range n {
				if !strings.ContainsRune("IVX", r) { // not L, C: "Le", "Ce"
					return false
				}
			}
			return true
		}
	}
	return false
}

// gluedSentence reports whether the period before next ends prev, a
// lower-case word of two or more letters, and a capitalised word follows it at once.
func gluedSentence(text string, prev token, next int) bool {
	if !prev.word() || prev.cap() || prev.digit() || prev.end-prev.start < 2 || next >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[next:])
	return unicode.IsUpper(r)
}
