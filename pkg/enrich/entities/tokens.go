package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/text/segment"
)

// token is a word or punctuation mark of a text, at bytes [start, end).
type token struct {
	start, end int
	word       bool // letters/digits, not punctuation
	cap        bool // starts with a capital, or is a name particle joined to one (al-Assad)
	allCaps    bool // two or more letters, all capitals (OSDH, U.S.)
	digit      bool // starts with a digit
	initial    bool // first word of its sentence, or of a quotation
	elision    bool // a French/Italian elided article or preposition (l', d', dell')
}

// hyphenParticles join a surname with a hyphen: al-Assad, el-Sissi, ben-Gvir (not ex-PDG).
var hyphenParticles = map[string]bool{"al": true, "el": true, "ad": true, "as": true, "ash": true, "an": true, "ar": true,
	"at": true, "az": true, "ben": true, "bin": true, "abu": true, "ibn": true, "ould": true, "ag": true, "bou": true}

// elisions are the words French and Italian write with an apostrophe before
// a vowel; "l'Observatoire" is two tokens, so that the name starts at the capital.
var elisions = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true, "qu": true,
	"jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true,
	"dell": true, "all": true, "nell": true, "sull": true, "dall": true, "un": true, "quell": true,
}

func isApos(r rune) bool { return r == '\'' || r == '’' }

// tokenize splits text into tokens; the sentence starts come from pkg/text/segment.
func tokenize(text string, toks []token) []token {
	sentences := segment.Sentences(text)
	si := 0
	atStart := true // no word yet in the current sentence or quotation
	for i := 0; i < len(text); {
		for si < len(sentences) && sentences[si].End <= i {
			si++
		}
		if si < len(sentences) && sentences[si].Start == i {
			atStart = true
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			if r == '\n' {
				atStart = true
			}
			i += size
			continue
		}
		if !isWordRune(r) {
			toks = append(toks, token{start: i, end: i + size})
			// An opening quotation or a dash that starts a clause begins a capitalised run of its own.
			if r == '"' || r == '«' || r == '“' || r == '—' || r == '–' || (r == '-' && i+1 < len(text) && text[i+1] == ' ') || r == ':' {
				atStart = true
			}
			// A sentence glued to the last one, "upazila.Witnesses said": the
			// segmenter wants a space, but a word after a lower-case word's period starts one.
			if r == '.' && len(toks) > 1 && toks[len(toks)-2].end == i && gluedSentence(text, toks[len(toks)-2], i+size) {
				atStart = true
			}
			i += size
			continue
		}
		end := wordEnd(text, i)
		w := text[i:end]
		// Elided article: "l'Observatoire" → "l'" + "Observatoire".
		if k := strings.IndexAny(w, "'’"); k > 0 {
			_, asz := utf8.DecodeRuneInString(w[k:])
			if elisions[strings.ToLower(w[:k])] && k+asz < len(w) {
				toks = append(toks, token{start: i, end: i + k + asz, word: true, elision: true, initial: atStart})
				atStart = false
				i += k + asz
				w = text[i:end]
			}
		}
		// English possessive: "NOPD's" → "NOPD" + "'s".
		if n := len(w); n > 2 && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")) {
			cut := strings.LastIndexAny(w, "'’")
			toks = append(toks, wordToken(text, i, i+cut, atStart))
			toks = append(toks, token{start: i + cut, end: end})
			atStart = false
			i = end
			continue
		}
		toks = append(toks, wordToken(text, i, end, atStart))
		atStart = false
		i = end
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordEnd returns where the word starting at i ends: letters and digits,
// joined by inner hyphens, apostrophes and the periods of initialisms (U.S.).
func wordEnd(text string, i int) int {
	end := i
	letters := 0
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
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
	t := token{start: start, end: end, word: true, initial: initial}
	w := text[start:end]
	r, _ := utf8.DecodeRuneInString(w)
	t.digit = unicode.IsDigit(r)
	t.cap = unicode.IsUpper(r)
	if !t.cap && !t.digit {
		// Name particles joined by a hyphen: al-Assad, el-Sissi, ben-Gvir.
		if k := strings.IndexByte(w, '-'); k > 0 && hyphenParticles[strings.ToLower(w[:k])] {
			r2, _ := utf8.DecodeRuneInString(w[k+1:])
			t.cap = unicode.IsUpper(r2)
		}
	}
	upper, lower := 0, 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	t.allCaps = upper >= 2 && lower == 0
	if romanOrdinal(w) {
		// "Ve République", "XVIIIe arrondissement": numbers, not names.
		t.cap, t.allCaps = false, false
	}
	if !t.digit && strings.ContainsAny(w, "0123456789") {
		// Names have no digits: "G36", "PK52", "Covid-19" are references or codes.
		t.cap, t.allCaps = false, false
	}
	return t
}

// romanOrdinal reports whether w is a Roman numeral with a French ordinal
// suffix (Ve, XVIIIe, Ier, IIIème).
func romanOrdinal(w string) bool {
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
	if !prev.word || prev.cap || prev.digit || prev.end-prev.start < 2 || next >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[next:])
	return unicode.IsUpper(r)
}
