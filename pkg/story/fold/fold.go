// Package fold turns text into case- and accent-folded word tokens, so that
// "Évacués", "evacues" and "ÉVACUÉS" compare equal. Near-duplicate signatures
// (pkg/story) and topic lexicons (pkg/enrich/topics) both match on these
// tokens; Parts holds a text folded once for both.
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
// (A variable initialiser, not init: latin1Folded is built from it.)
var latin = func() (latin [0x250 - 0xC0]rune) {
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
	return latin
}()

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
	buf, spans, _ := AppendWords(nil, nil, nil, s, len(s)+1)
	folded := string(buf)
	dst = slices.Grow(dst, len(spans))
	for _, w := range spans {
		dst = append(dst, folded[w.Start:w.End])
	}
	return dst
}

// Hashes appends to dst the 64-bit FNV-1a hash of each folded word of s
// (the words Words gives). It folds as AppendWords does, through the same
// tables, but hashes as it goes, without writing the words: story
// signatures need only their hashes, for every dispatch.
func Hashes(s string, dst []uint64) []uint64 {
	h, inWord := uint64(fnvOffset), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if f := asciiFolded[c]; f != 0 {
			h = (h ^ uint64(f)) * fnvPrime
			inWord = true
			continue
		}
		if c >= utf8.RuneSelf {
			var scratch [2 * utf8.UTFMax]byte
			folded, last, hashed, letter := foldRune(scratch[:0], s, i, h)
			if i = last; letter {
				h = hashed
				// A combining mark folds to nothing: a word only if letters follow.
				inWord = inWord || len(folded) > 0
				continue
			}
		}
		if inWord {
			dst = append(dst, h)
			h, inWord = fnvOffset, false
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

// MaxText is the longest text AppendWords folds: spans are int32 offsets.
const MaxText = 1<<30 - 1

// Span is one folded word: folded[Start:End] of the buffer it was folded into.
type Span struct{ Start, End int32 }

// AppendWords folds s into folded and appends its words to words and
// their hashes (what Hashes gives) to hashes, which holds the hashes of
// words (as long, by index), up to max words in all: the words of Words,
// in caller-owned buffers, with no string per word and no allocation once
// the buffers have grown. Each word is hashed as it is folded: its readers
// (signatures, topics) need no second pass over it. Text beyond MaxText
// bytes is not read.
func AppendWords(folded []byte, words []Span, hashes []uint64, s string, max int) ([]byte, []Span, []uint64) {
	if len(words) >= max {
		return folded, words, hashes
	}
	if len(s) > MaxText {
		s = s[:MaxText] // a split rune only ends the last word early
	}
	// The buffers are grown once to what s can need, so that the loop
	// writes by index and calls nothing on ASCII text: its variables stay
	// in registers. A rune folds to at most twice its bytes (ASCII to one
	// byte, two-byte ligatures to two letters, other runes to at most four
	// bytes; TestFoldedRuneGrowth checks every rune); a word takes a byte
	// and a separator but the last.
	n := len(folded)
	buf := slices.Grow(folded, 2*len(s))
	buf = buf[:cap(buf)]
	out := wordSink{max: max}
	out.grow(words, hashes, min(max-len(words), len(s)/2+1))
	start, h := n, uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if f := asciiFolded[c]; f != 0 {
			buf[n] = f
			n++
			h = (h ^ uint64(f)) * fnvPrime
			continue
		}
		if c >= utf8.RuneSelf {
			var inWord bool
			if buf, i, h, inWord = foldRune(buf[:n], s, i, h); inWord {
				n, buf = len(buf), buf[:cap(buf)]
				continue
			}
			buf = buf[:cap(buf)]
		}
		// Any other character ends the word, if one has begun.
		if n > start {
			if out.add(start, n, h) {
				break
			}
			start, h = n, fnvOffset
		}
	}
	if n > start && out.nw < max {
		out.add(start, n, h)
	}
	return buf[:n], out.spans[:out.nw], out.hashes[:out.nw]
}

// wordSink collects the words AppendWords folds: out of its loop, whose
// registers it would take.
type wordSink struct {
	spans   []Span   // up to cap
	hashes  []uint64 // up to cap
	nw, max int      // words in spans and hashes; most words
}

// grow makes room for more words after words and their hashes.
func (w *wordSink) grow(words []Span, hashes []uint64, more int) {
	w.nw = len(words)
	if len(hashes) != w.nw { // callers keep hashes beside words: never shorter, had they not
		hashes = append(hashes[:min(len(hashes), w.nw)], make([]uint64, w.nw-min(len(hashes), w.nw))...)
	}
	w.spans = slices.Grow(words, more)
	w.spans = w.spans[:cap(w.spans)]
	w.hashes = slices.Grow(hashes, more)
	w.hashes = w.hashes[:cap(w.hashes)]
}

// add records the word folded[start:end], of hash h, and reports whether
// it was the last one there is room for.
func (w *wordSink) add(start, end int, h uint64) bool {
	w.spans[w.nw] = Span{Start: int32(start), End: int32(end)}
	w.hashes[w.nw] = h
	w.nw++
	return w.nw == w.max
}

// foldRune appends to buf the folded form of the rune that starts at s[i],
// and hashes it into h. It returns buf, the index of the rune's last byte,
// h, and whether the rune belongs in a word: a letter, a digit or a
// combining mark (which vanishes in the word it marks); any other rune
// ends a word.
func foldRune(buf []byte, s string, i int, h uint64) ([]byte, int, uint64, bool) {
	// Accented Latin letters (é, à, ç: U+00C0 to U+00FF, two bytes from
	// 0xC3) fold through a table: they are most of the non-ASCII letters
	// of the feeds' languages. (Here, not in AppendWords's loop: there it
	// costs the ASCII path registers.)
	if s[i] == 0xC3 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		if f := &latin1Folded[s[i+1]&0x3F]; f.n > 0 {
			buf = append(buf, f.b[0])
			h = (h ^ uint64(f.b[0])) * fnvPrime
			if f.n == 2 {
				buf = append(buf, f.b[1])
				h = (h ^ uint64(f.b[1])) * fnvPrime
			}
			return buf, i + 1, h, true
		}
	}
	from := len(buf)
	buf, i, inWord := foldAnyRune(buf, s, i)
	for _, f := range buf[from:] {
		h = (h ^ uint64(f)) * fnvPrime
	}
	return buf, i, h, inWord
}

// foldAnyRune is foldRune for any rune.
func foldAnyRune(buf []byte, s string, i int) ([]byte, int, bool) {
	r, size := utf8.DecodeRuneInString(s[i:])
	i += size - 1
	switch {
	case r >= 0x300 && unicode.Is(unicode.Mn, r): // Mn starts at U+0300
		return buf, i, true
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return appendFoldedRune(buf, r), i, true
	}
	return buf, i, false
}

// appendFoldedRune appends the folded form of a letter or digit: ligatures
// spelled out, any other rune through Rune.
func appendFoldedRune(folded []byte, r rune) []byte {
	if e := expand(r); e != "" {
		return append(folded, e...)
	}
	return utf8.AppendRune(folded, Rune(r))
}

// asciiFolded maps ASCII letters and digits to their folded byte, and the
// other bytes to 0.
var asciiFolded = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

// latin1Folded holds the folded form of the letters U+00C0 to U+00FF, by
// their last UTF-8 byte's low six bits: n bytes of b, as foldAnyRune would
// append them; n is 0 for the runes that foldAnyRune does not fold into
// a word (× and ÷), left to it.
var latin1Folded = func() (t [64]struct {
	n uint8
	b [2]byte
}) {
	for r := rune(0xC0); r <= 0xFF; r++ {
		var s [utf8.UTFMax]byte
		folded, _, inWord := foldAnyRune(nil, string(s[:utf8.EncodeRune(s[:], r)]), 0)
		if inWord && len(folded) > 0 && len(folded) <= 2 {
			t[r&0x3F].n = uint8(copy(t[r&0x3F].b[:], folded))
		}
	}
	return t
}()

// Parts is a text of several parts (a dispatch's headline, subheadlines
// and body) folded once into one buffer, for every reader of its words:
// the enricher folds a dispatch once for its topics and its story
// signature instead of once for each. The zero value is empty; Reset
// empties it for reuse, keeping its buffers.
type Parts struct {
	Folded []byte   // the folded words of every part
	Words  []Span   // of every part, in order; spans into Folded
	Hashes []uint64 // by Words index: each word's hash, as Hashes gives it
	parts  []partBounds
}

// partBounds is where one part's words are in Parts.Words, and its source.
type partBounds struct {
	text             string
	fromWord, toWord int
}

// Part is one part of a Parts: its source text, and its words, spans into
// Folded (the whole Parts buffer).
type Part struct {
	Text   string
	Folded []byte
	Words  []Span
	Hashes []uint64 // by Words index
}

// Reset empties p, keeping its buffers.
func (p *Parts) Reset() {
	clear(p.parts) // drop the references to the texts
	p.Folded, p.Words, p.Hashes, p.parts = p.Folded[:0], p.Words[:0], p.Hashes[:0], p.parts[:0]
}

// Add folds s as the next part: all its words, as AppendWords gives them.
// Folded bytes past MaxText in all are not written (spans are int32
// offsets): callers bound their texts far below that.
func (p *Parts) Add(s string) {
	if room := MaxText/2 - len(p.Folded); len(s) > room {
		s = s[:max(room, 0)] // a split rune only ends the last word early
	}
	from := len(p.Words)
	p.Folded, p.Words, p.Hashes = AppendWords(p.Folded, p.Words, p.Hashes, s, len(p.Words)+len(s)+1)
	p.parts = append(p.parts, partBounds{text: s, fromWord: from, toWord: len(p.Words)})
}

// Len is the number of parts.
func (p *Parts) Len() int { return len(p.parts) }

// Part returns part i.
func (p *Parts) Part(i int) Part {
	b := p.parts[i]
	return Part{Text: b.text, Folded: p.Folded, Words: p.Words[b.fromWord:b.toWord:b.toWord], Hashes: p.Hashes[b.fromWord:b.toWord:b.toWord]}
}
