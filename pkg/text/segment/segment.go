// Package segment splits text into paragraphs and sentences, reporting byte
// offsets into the original string so that later stages (entities, casualty
// figures) can point back at the exact characters they came from.
package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// Text returns the part of s the span covers.
func (sp Span) Text(s string) string { return s[sp.Start:sp.End] }

// Paragraphs splits text at line breaks (one or more), trimming surrounding
// white space. Wire bodies put one paragraph per line or separate them by blank lines.
func Paragraphs(text string) []Span {
	var out []Span
	start := 0
	for start < len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if sp, ok := trim(text, start, end); ok {
			out = append(out, sp)
		}
		start = end + 1
	}
	return out
}

// abbreviations end with a period that does not end a sentence (lower-cased, without the period).
var abbreviations = map[string]bool{
	"m": true, "mm": true, "mme": true, "mmes": true, "mlle": true, "dr": true, "pr": true, "me": true,
	"mr": true, "mrs": true, "ms": true, "st": true, "ste": true, "gen": true, "gén": true, "col": true,
	"lt": true, "sgt": true, "capt": true, "cpt": true, "gov": true, "sen": true, "rep": true, "rev": true,
	"prof": true, "jr": true, "sr": true, "no": true, "nos": true, "vol": true, "art": true, "av": true,
	"jan": true, "feb": true, "fév": true, "mar": true, "apr": true, "avr": true, "jun": true, "jul": true,
	"juil": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "déc": true,
	"etc": true, "cf": true, "vs": true, "env": true, "min": true, "max": true, "approx": true,
	"sr.": true, "sra": true, "dña": true, "hr": true, "fr": true, "nr": true, "bzw": true, "ca": true,
	"z.b": true, "u.a": true, "e.g": true, "i.e": true, "u.s": true, "u.n": true, "a.m": true, "p.m": true,
}

// Sentences splits text into sentences. A sentence ends at '.', '!', '?' or
// '…' (with any closing quotes or brackets) followed by white space and a
// character that can start a sentence, or at a line break. Periods inside
// numbers (4.000), after known abbreviations (M., Dr.) and after single-letter
// initials (J. F. Kennedy) do not end a sentence.
func Sentences(text string) []Span {
	var out []Span
	for _, para := range Paragraphs(text) {
		out = appendSentences(out, text, para)
	}
	return out
}

func appendSentences(out []Span, text string, para Span) []Span {
	start := para.Start
	i := para.Start
	for i < para.End {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		end := i + size
		// Runs of terminators ("?!", "...") and closing quotes/brackets belong to the sentence.
		for end < para.End {
			r2, s2 := utf8.DecodeRuneInString(text[end:])
			if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || r2 == '"' || r2 == '»' || r2 == '”' || r2 == '\'' || r2 == ')' || r2 == ']' || r2 == '’' {
				end += s2
				continue
			}
			break
		}
		if end >= para.End {
			break
		}
		next := end
		spaces := 0
		for next < para.End {
			r2, s2 := utf8.DecodeRuneInString(text[next:])
			if !unicode.IsSpace(r2) {
				break
			}
			next += s2
			spaces++
		}
		if spaces == 0 || next >= para.End || (r == '.' && !endsSentence(text, start, i)) {
			i = end
			continue
		}
		nr, _ := utf8.DecodeRuneInString(text[next:])
		if !(unicode.IsUpper(nr) || unicode.IsDigit(nr) || strings.ContainsRune("\"«“'(-–—¿¡", nr)) {
			i = end
			continue
		}
		if sp, ok := trim(text, start, end); ok {
			out = append(out, sp)
		}
		start, i = next, next
	}
	if sp, ok := trim(text, start, para.End); ok {
		out = append(out, sp)
	}
	return out
}

// endsSentence reports whether the period at text[dot] closes a sentence that began at start.
func endsSentence(text string, start, dot int) bool {
	w := dot
	for w > start {
		r, size := utf8.DecodeLastRuneInString(text[start:w])
		if unicode.IsSpace(r) || r == '(' || r == '"' || r == '«' || r == '\'' {
			break
		}
		w -= size
	}
	word := strings.ToLower(text[w:dot])
	if word == "" {
		return true
	}
	if abbreviations[word] {
		return false
	}
	// A single capital letter is an initial: "J. F. Kennedy".
	if r, size := utf8.DecodeRuneInString(text[w:dot]); size == dot-w && unicode.IsUpper(r) {
		return false
	}
	return true
}

func trim(text string, start, end int) (Span, bool) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return Span{start, end}, end > start
}
