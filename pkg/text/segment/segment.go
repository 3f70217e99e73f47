// Package segment splits text into paragraphs and sentences, reporting byte
// offsets into the original string so that later stages (entities, casualty
// figures) can point back at the exact characters they came from.
package segment

import (
	"slices"
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
	for start := 0; start < len(text); {
		para, ok, next := lineAt(text, start)
		if ok {
			if out == nil {
				// One allocation: there are at most as many paragraphs as lines.
				out = make([]Span, 0, strings.Count(text[start:], "\n")+1)
			}
			out = append(out, para)
		}
		start = next
	}
	return out
}

// AppendParagraphs appends the paragraphs of text, as Paragraphs finds
// them, to dst, so that a caller can gather them in a buffer of its own.
func AppendParagraphs(dst []Span, text string) []Span {
	for start := 0; start < len(text); {
		para, ok, next := lineAt(text, start)
		if ok {
			dst = append(dst, para)
		}
		start = next
	}
	return dst
}

// lineAt returns the line of text that begins at start, trimmed (ok is
// false if it is blank), and where the next line begins.
func lineAt(text string, start int) (line Span, ok bool, next int) {
	end := strings.IndexByte(text[start:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += start
	}
	line, ok = trim(text, start, end)
	return line, ok, end + 1
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

// maxAbbreviationBytes bounds the lower case of a word worth looking up in
// abbreviations: every abbreviation is shorter (TestAbbreviationsFitBuffer).
const maxAbbreviationBytes = 8

// isAbbreviation reports whether the lower case of word is in abbreviations,
// lower-casing into a buffer on the stack (indexing a map with
// string(bytes) does not allocate).
func isAbbreviation(word string) bool {
	var lower [maxAbbreviationBytes]byte
	n := 0
	for _, r := range word {
		r = unicode.ToLower(r)
		if n+utf8.RuneLen(r) > maxAbbreviationBytes {
			return false
		}
		n += utf8.EncodeRune(lower[n:], r)
	}
	return abbreviations[string(lower[:n])]
}

// Sentences splits text into sentences. A sentence ends at '.', '!', '?' or
// '…' (with any closing quotes or brackets) followed by white space and a
// character that can start a sentence, or at a line break. Periods inside
// numbers (4.000), after known abbreviations (M., Dr.) and after single-letter
// initials (J. F. Kennedy) do not end a sentence.
func Sentences(text string) []Span {
	// Sentences are gathered on the stack and copied out once, at their
	// number: a paragraph has a handful.
	var buf [32]Span
	found := AppendSentences(buf[:0], text)
	if len(found) == 0 {
		return nil
	}
	return slices.Clone(found)
}

// AppendSentences appends the sentences of text, as Sentences finds them,
// to dst, so that a caller segmenting many texts can gather them in one
// buffer.
func AppendSentences(dst []Span, text string) []Span {
	for start := 0; start < len(text); {
		para, ok, next := lineAt(text, start)
		if ok {
			dst = appendSentences(dst, text, para)
		}
		start = next
	}
	return dst
}

// AppendLineSentences is AppendSentences for a text known to be one line
// (no '\n'), as a paragraph Paragraphs found is: it spares looking for line
// breaks.
func AppendLineSentences(dst []Span, line string) []Span {
	if para, ok := trim(line, 0, len(line)); ok {
		dst = appendSentences(dst, line, para)
	}
	return dst
}

// ellipsis is '…' in UTF-8.
const ellipsis = "\u2026"

// terminatorBytes are the bytes searched for to find sentence terminators:
// '.', '!', '?' and the last byte of '…'. That one is a continuation byte,
// but rare in text, unlike the lead byte '…' shares with the apostrophe
// and dashes of French typography (’ – —), which made every one of those a
// search of its own.
var terminatorBytes = [...]byte{'.', '!', '?', ellipsis[2]}

// terminatorScan finds the sentence terminators of text[:end] with
// strings.IndexByte, which scans many bytes at a time, remembering where
// the next of each terminator is so that no byte is scanned twice.
type terminatorScan struct {
	text string
	end  int
	// next[k] is where the terminator searched for by terminatorBytes[k]
	// next begins (end if nowhere) from the position of the last search
	// for it; -1 before the first.
	next [len(terminatorBytes)]int
}

func newTerminatorScan(text string, end int) terminatorScan {
	return terminatorScan{text: text, end: end, next: [len(terminatorBytes)]int{-1, -1, -1, -1}}
}

// find returns the index of the first terminator in text[i:end], or end.
func (ts *terminatorScan) find(i int) int {
	first := ts.end
	for k := range terminatorBytes {
		if ts.next[k] < i {
			ts.next[k] = ts.search(i, k)
		}
		first = min(first, ts.next[k])
	}
	return first
}

// search returns where the first terminator that terminatorBytes[k] finds
// begins in text[i:end], or end.
func (ts *terminatorScan) search(i, k int) int {
	b := terminatorBytes[k]
	if b < utf8.RuneSelf {
		if j := strings.IndexByte(ts.text[i:ts.end], b); j >= 0 {
			return i + j
		}
		return ts.end
	}
	// The last byte of an ellipsis that begins at i or after.
	for from := i + len(ellipsis) - 1; from < ts.end; {
		j := strings.IndexByte(ts.text[from:ts.end], b)
		if j < 0 {
			break
		}
		if start := from + j - (len(ellipsis) - 1); ts.text[start:start+len(ellipsis)] == ellipsis {
			return start
		}
		from += j + 1
	}
	return ts.end
}

func appendSentences(out []Span, text string, para Span) []Span {
	start := para.Start
	i := para.Start
	terminators := newTerminatorScan(text, para.End)
	for {
		i = terminators.find(i)
		if i >= para.End {
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
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
			if !isSpace(r2) {
				break
			}
			next += s2
			spaces++
		}
		if spaces == 0 || next >= para.End {
			i = end
			continue
		}
		// What follows is tested before the word before the period, the
		// dearer test.
		nr, _ := utf8.DecodeRuneInString(text[next:])
		if !(unicode.IsUpper(nr) || unicode.IsDigit(nr) || strings.ContainsRune("\"«“'(-–—¿¡", nr)) ||
			r == '.' && !endsSentence(text, start, i) {
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
		if c := text[w-1]; c < utf8.RuneSelf {
			if c == ' ' || c >= '\t' && c <= '\r' || c == '(' || c == '"' || c == '\'' {
				break
			}
			w--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(text[start:w])
		if isSpace(r) || r == '«' {
			break
		}
		w -= size
	}
	if w == dot {
		return true
	}
	if isAbbreviation(text[w:dot]) {
		return false
	}
	// A single capital letter is an initial: "J. F. Kennedy".
	if r, size := utf8.DecodeRuneInString(text[w:dot]); size == dot-w && unicode.IsUpper(r) {
		return false
	}
	return true
}

// isSpace is unicode.IsSpace with ASCII, nearly every character tested,
// answered inline.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r >= '\t' && r <= '\r'
	}
	return unicode.IsSpace(r)
}

func trim(text string, start, end int) (Span, bool) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		end -= size
	}
	return Span{start, end}, end > start
}
