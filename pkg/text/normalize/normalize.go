// Package normalize turns the bytes and strings of wire feeds into clean,
// comparable UTF-8 text: it decodes declared and undeclared charsets, composes
// Unicode to NFC, resolves HTML/XML character entities that feeds leave
// (sometimes doubly escaped) in their text, and tidies white space, while
// keeping the no-break spaces (U+00A0, U+202F) that French and other
// typographies put inside numbers ("100 000") and before punctuation.
//
// Charset rules, in order:
//  1. A byte-order mark wins (UTF-8, UTF-16LE/BE).
//  2. Bytes that are valid UTF-8 are UTF-8, whatever was declared: a
//     legitimate Latin-1 text is almost never valid multi-byte UTF-8, while
//     feeds that relabel UTF-8 as ISO-8859-1 are common (AFP's NewsML sample
//     is one) and would otherwise produce mojibake ("dÃ©cÃ¨s"). Text with
//     more valid multi-byte UTF-8 sequences than invalid bytes is UTF-8
//     patched with Windows-1252 fragments, decoded sequence by sequence.
//  3. Otherwise the declared label (WHATWG names: "iso-8859-1" and "latin1"
//     decode as Windows-1252, which is what such feeds actually send).
//  4. With no usable label, invalid UTF-8 is decoded as Windows-1252.
package normalize

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"mime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// ErrCharset reports a charset label that names no known encoding. ToUTF8
// does not return it (it falls back instead); Lookup does.
var ErrCharset = errors.New("unknown charset")

// Lookup returns the encoding a charset label names, using the WHATWG
// Encoding Standard's labels (the ones browsers and most feeds use).
func Lookup(label string) (encoding.Encoding, error) {
	label = strings.Trim(strings.TrimSpace(label), `"'`)
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrCharset, label)
	}
	return enc, nil
}

// CharsetFromContentType returns the charset parameter of an HTTP
// Content-Type ("text/xml; charset=ISO-8859-1" → "ISO-8859-1"), or "".
func CharsetFromContentType(contentType string) string {
	if contentType == "" || strings.IndexByte(contentType, '=') < 0 {
		// No parameter: either reading below finds no charset (and the
		// parser's map of parameters is spared).
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Lenient fallback for malformed headers: look for the parameter by hand.
		i := strings.Index(strings.ToLower(contentType), "charset=")
		if i < 0 {
			return ""
		}
		v := contentType[i+len("charset="):]
		if j := strings.IndexAny(v, "; "); j >= 0 {
			v = v[:j]
		}
		return strings.Trim(v, `"'`)
	}
	return params["charset"]
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// ToUTF8 converts data to UTF-8 following the package's charset rules, with
// label the declared charset ("" if none). It strips any byte-order mark and
// replaces undecodable bytes with U+FFFD, so its output is always valid UTF-8.
func ToUTF8(data []byte, label string) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return toValidUTF8(data[len(bomUTF8):]), nil
	case bytes.HasPrefix(data, bomUTF16LE):
		return decode(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), data)
	case bytes.HasPrefix(data, bomUTF16BE):
		return decode(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), data)
	}
	if utf8.Valid(data) {
		return data, nil
	}
	if valid, invalid := utf8Evidence(data); valid > invalid {
		// Mostly UTF-8 with stray single bytes: a UTF-8 document patched
		// with Latin-1 fragments (a headline typed in another system).
		// Decoding all of it as Latin-1 would garble the UTF-8 majority.
		return mixedToUTF8(data), nil
	}
	enc, err := Lookup(label)
	if err != nil || label == "" {
		enc = charmap.Windows1252
	}
	if enc == xunicode.UTF8 {
		// Declared UTF-8 but not valid UTF-8: the usual culprit is a
		// Windows-1252 payload under a default header.
		enc = charmap.Windows1252
	}
	return decode(enc, data)
}

// utf8Evidence counts the valid multi-byte UTF-8 sequences and the bytes
// that are not valid UTF-8.
func utf8Evidence(data []byte) (valid, invalid int) {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid, invalid
}

// mixedToUTF8 keeps valid UTF-8 sequences and decodes every other byte as
// Windows-1252.
func mixedToUTF8(data []byte) []byte {
	out := make([]byte, 0, len(data)+len(data)/8)
	dec := charmap.Windows1252
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			r = dec.DecodeByte(data[i])
		}
		out = utf8.AppendRune(out, r)
		i += size
	}
	return out
}

func decode(enc encoding.Encoding, data []byte) ([]byte, error) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("decoding charset: %w", err)
	}
	return toValidUTF8(out), nil
}

func toValidUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

// Inline normalises a one-line field (headline, byline, slug, dateline):
// entities resolved, NFC, control and invisible characters dropped, every run
// of ordinary white space (line breaks included) collapsed to one space, and
// trimmed. U+00A0 and U+202F are kept as they are.
func Inline(s string) string {
	if alreadyClean(s) {
		return s
	}
	return collapse(prepare(s), false)
}

// Block normalises a multi-paragraph body: like Inline within each line, but
// line breaks survive, each line is trimmed, and blank lines separating
// paragraphs are reduced to one "\n". The result has one paragraph per line.
func Block(s string) string {
	if alreadyClean(s) {
		return s
	}
	return collapse(prepare(s), true)
}

// alreadyClean reports whether s is its own Inline and Block form, as
// nearly all feed text is: valid UTF-8 of printable ASCII and of characters
// from U+00C0 to U+02FF (two-byte letters, lead bytes 0xC3 to 0xCB: NFC as
// they are, below the combining marks, and never white space, controls or
// invisible), no '&' (no entity to resolve), and only single spaces between
// other characters. Clean text then costs one pass, eight bytes at a time
// whatever their mix of ASCII and accented letters, and a few vector
// searches, instead of prepare's and collapse's tests, copy and comparison;
// other text takes those.
//
// The characters from U+00A0 to U+00BF (lead byte 0xC2: French quotes « »,
// the degree sign, the no-break space) are clean too but for the soft
// hyphen (U+00AD, invisible) and a no-break space that begins or ends s
// (trimmed): the words let their lead byte pass, and they are checked
// apart, being few.
func alreadyClean(s string) bool {
	if len(s) == 0 {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.IndexByte(s, '&') >= 0 || strings.IndexByte(s, 0x7F) >= 0 {
		return false
	}
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	// Each test leaves the high bit of a byte set in bad where it fails.
	// leadBefore carries the flag of a lead byte that ends a word to the
	// next word's first byte, its continuation.
	var bad, leadBefore, sawC2 uint64
	// word tests the eight bytes from s[i] (w) and those from s[i+1] (next).
	word := func(w, next uint64) {
		// A byte below ' ' (the test says whether there is one, not which:
		// a borrow may mark the bytes after it too).
		bad |= (w - ones*' ') &^ w
		// Two spaces in a row: a zero byte where both words hold a space.
		pair := w ^ (ones * ' ') | next ^ (ones * ' ')
		bad |= (pair - ones) &^ pair
		// Two-byte characters: each lead byte (0xC0 up) is followed by one
		// continuation byte (0x80 to 0xBF), which follows nothing else,
		// and lies from 0xC2 to 0xCB (its low six bits from 2 to 11), 0xC2
		// noted (2 is below 3).
		if high := w & highs; high|leadBefore != 0 {
			lead, cont := high&(w<<1), high&^(w<<1)
			bad |= cont ^ (lead<<8 | leadBefore)
			leadBefore = lead >> 56
			low6 := w & (ones * 0x3F)
			bad |= lead&^(low6+ones*(0x80-2)) | lead&(low6+ones*(0x80-12))
			sawC2 |= lead &^ (low6 + ones*(0x80-3))
		}
	}
	rest := s
	for len(rest) >= 9 { // slices the compiler need not check
		word(loadWord(rest[:8]), loadWord(rest[1:9]))
		if bad&highs != 0 {
			return false // text that is not clean goes to the full path at once
		}
		rest = rest[8:]
	}
	for ; rest != ""; rest = rest[min(8, len(rest)):] {
		word(paddedWord(rest), paddedWord(rest[1:]))
	}
	if (bad|leadBefore)&highs != 0 {
		return false
	}
	return sawC2&highs == 0 || cleanC2(s)
}

// cleanC2 reports whether the characters of valid s from U+0080 to U+00BF
// (lead byte 0xC2) are all from U+00A0 to U+00BF, not the soft hyphen, and
// not a no-break space at either end.
func cleanC2(s string) bool {
	if strings.HasPrefix(s, "\u00a0") || strings.HasSuffix(s, "\u00a0") {
		return false
	}
	for i := strings.IndexByte(s, 0xC2); i >= 0; {
		// s is valid UTF-8: a continuation byte follows.
		if c := s[i+1]; c < 0xA0 || c == 0xAD {
			return false
		}
		j := strings.IndexByte(s[i+2:], 0xC2)
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return true
}

// loadWord reads eight bytes as a little-endian word (constant indexes:
// the compiler loads it at once).
func loadWord(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// paddedWord is loadWord of the first eight bytes of b, those it lacks
// taken as plain letters ('x').
func paddedWord(b string) uint64 {
	if len(b) >= 8 {
		return loadWord(b)
	}
	w := uint64(0x0101010101010101 * 'x')
	for j := range len(b) {
		shift := 8 * uint(j)
		w = w&^(0xFF<<shift) | uint64(b[j])<<shift
	}
	return w
}

// prepare makes s valid UTF-8, resolves entities and composes to NFC.
func prepare(s string) string {
	if belowCombiningMarks(s) {
		// Valid, and in NFC as it is (see isNFC): nearly all feed text.
		if strings.IndexByte(s, '&') < 0 {
			return s
		}
		if s = Entities(s); !isNFC(s) {
			s = norm.NFC.String(s)
		}
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = Entities(s)
	if !isNFC(s) {
		s = norm.NFC.String(s)
	}
	return s
}

// isNFC is norm.NFC.IsNormalString(s), which looks each character up in
// the normalisation tables, without looking up the leading characters below
// U+0300: those are starters that are their own NFC form and that no
// character composes with as a second element (combining marks all lie at
// or above U+0300), so s is in NFC exactly when its part from the last of
// them before any other character is. Nearly all feed text lies entirely
// below U+0300. s must be valid UTF-8.
func isNFC(s string) bool {
	// In UTF-8, characters from U+0300 on, and only they, have a lead byte
	// from 0xCC on.
	i := 0
	for i < len(s) && s[i] < 0xCC {
		i++
	}
	if i == len(s) {
		return true
	}
	// Back up to the start of the character before.
	prev := max(i-1, 0)
	for prev > 0 && !utf8.RuneStart(s[prev]) {
		prev--
	}
	return norm.NFC.IsNormalString(s[prev:])
}

// belowCombiningMarks reports whether s is valid UTF-8 whose characters all
// lie below U+0300, the first combining mark, in one pass over its bytes:
// eight at a time while they are ASCII, else by table, which takes the two
// bytes of an accented letter without a branch that mispredicts on varied
// text. It does the work of utf8.ValidString and isNFC's scan at once.
func belowCombiningMarks(s string) bool {
	const highs = 0x8080808080808080
	prev := uint8(0) // the class of the byte before s[i]
	for i := 0; i < len(s); {
		if i+8 <= len(s) && prev&leadBelowMarks == 0 {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if w&highs == 0 {
				i += 8
				continue
			}
		}
		for end := min(i+8, len(s)); i < end; i++ {
			class := belowMarksClass[s[i]]
			// A continuation byte must follow a lead byte, and only it.
			if class == 0 || (class&continuation != 0) != (prev&leadBelowMarks != 0) {
				return false
			}
			prev = class
		}
	}
	return prev&leadBelowMarks == 0
}

// Classes of the bytes of text below U+0300, for belowCombiningMarks; 0
// for the other bytes.
const (
	asciiByte      = 1 << iota
	continuation   // 0x80 to 0xBF
	leadBelowMarks // 0xC2 to 0xCB, the lead bytes of U+0080 to U+02FF
)

var belowMarksClass = byteTable(
	byteRange{0x00, 0x80, asciiByte},
	byteRange{0x80, 0xC0, continuation},
	byteRange{0xC2, 0xCC, leadBelowMarks},
)

// byteRange gives the bytes from first up to end a value.
type byteRange struct {
	first, end int
	value      uint8
}

// byteTable is a table of bytes that ranges give values, 0 elsewhere.
func byteTable(ranges ...byteRange) (t [256]uint8) {
	for _, r := range ranges {
		for c := r.first; c < r.end; c++ {
			t[c] = r.value
		}
	}
	return t
}

// maxEntityPasses bounds how many layers of escaping Entities peels:
// feeds double-escape ("&amp;#39;") but never legitimately more.
const maxEntityPasses = 2

// Entities resolves HTML and XML character references (&eacute; &#233;
// &#xE9; &amp;) including one level of double escaping, which feeds produce
// when they escape already-escaped HTML into XML.
func Entities(s string) string {
	for range maxEntityPasses {
		if !strings.Contains(s, "&") {
			return s
		}
		u := html.UnescapeString(s)
		if u == s {
			return s
		}
		s = u
	}
	return s
}

// collapse drops controls and invisible characters, folds each run of
// white space into one space and trims white space from both ends. With
// keepLines it keeps line breaks ("\r\n" and '\r' become '\n'), trims each
// line and drops empty ones; otherwise line breaks are white space too.
//
// It writes into a pooled buffer, copying runs of plain text at once, and
// returns s itself when nothing changed, so that clean text costs no
// allocation. s must be valid UTF-8 (prepare makes it so).
func collapse(s string, keepLines bool) string {
	bufp := collapseBuffers.Get().(*[]byte)
	c := collapser{out: (*bufp)[:0]}
	for i := 0; i < len(s); {
		if end := plainRun(s, i); end > i {
			c.text(s[i:end])
			i = end
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		char := s[i : i+size]
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			fallthrough
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			if keepLines {
				c.endLine()
			} else {
				c.pendingSpace = true
			}
		case r == '\u00A0' || r == '\u202F' || r == '\u2007':
			// Significant: thousands separators and French typography.
			c.keptSpace(char)
		case unicode.IsSpace(r):
			c.pendingSpace = true
		case invisible(r):
		default: // not reached: plainRun takes every other character
			c.text(char)
		}
	}
	c.endLine()
	out := s
	if string(c.out) != s {
		out = string(c.out)
	}
	if cap(c.out) <= maxPooledBuffer {
		*bufp = c.out
		collapseBuffers.Put(bufp)
	}
	return out
}

// plainRun returns where the run of plain text that starts at s[i] ends:
// characters that collapse copies as they are, and single spaces between
// them. It returns i if s[i] is not plain.
func plainRun(s string, i int) int {
	start := i
	if i < len(s) && s[i] == ' ' {
		return i // a run does not begin with white space
	}
	// Most text is printable ASCII, spaces and two-byte letters: their
	// bytes are tested by table, each apart (a test per kind of character
	// mispredicted a branch at every space and letter with an accent).
	// A space is taken like the rest, but two in a row end the run.
	prev := byte(0)
	for i < len(s) {
		c := s[i]
		if plainByte[c] != 0 {
			if uint16(prev)|uint16(c)<<8 == twoSpaces {
				return i - 1
			}
			prev = c
			i++
			continue
		}
		n := plainNonASCII(s[i:])
		if n == 0 {
			break
		}
		i += n
		prev = 0
	}
	if i > start && s[i-1] == ' ' {
		i-- // a space followed by no plain character
	}
	return i
}

// twoSpaces is two spaces read as a uint16.
const twoSpaces = ' '<<8 | ' '

// plainByte marks the bytes that plainRun takes one at a time: printable
// ASCII, the space, and the bytes of U+00C0 to U+07FF (lead bytes 0xC3 to
// 0xDF, continuation bytes 0x80 to 0xBF), which hold no white space,
// control or invisible character. s is valid UTF-8, so a continuation byte
// met there follows such a lead byte: plainNonASCII reads every other
// character whole.
var plainByte = byteTable(
	byteRange{' ', 0x7F, 1},
	byteRange{0x80, 0xC0, 1},
	byteRange{0xC3, 0xE0, 1},
)

// plainNonASCII returns the length of the non-ASCII character s begins
// with if it is neither white space, a line break nor invisible, else 0
// (also for "" and ASCII).
func plainNonASCII(s string) int {
	if len(s) == 0 || s[0] < utf8.RuneSelf {
		return 0
	}
	r, size := utf8.DecodeRuneInString(s)
	// The line breaks U+0085, U+2028 and U+2029 and the kept spaces are
	// white space to unicode.IsSpace too.
	if unicode.IsSpace(r) || invisible(r) {
		return 0
	}
	return size
}

var collapseBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBuffer keeps the buffer of an unusually large text out of the pool.
const maxPooledBuffer = 64 << 10

// collapser is collapse's output and the state of the line it is writing.
type collapser struct {
	out []byte
	// lineStart is where the current line begins in out; textEnd is where
	// its last character that is not white space ends (lineStart if none):
	// the line ends there, whatever kept spaces follow.
	lineStart, textEnd int
	// pendingSpace: white space was seen since the last character written.
	pendingSpace bool
	// lineBreakOwed: a finished line awaits the '\n' that separates it from
	// the next line with text.
	lineBreakOwed bool
}

// text writes characters that are not white space.
func (c *collapser) text(s string) {
	if c.lineBreakOwed {
		c.out = append(c.out, '\n')
		c.lineStart, c.lineBreakOwed = len(c.out), false
	}
	if c.pendingSpace && len(c.out) > c.lineStart {
		c.out = append(c.out, ' ')
	}
	c.pendingSpace = false
	c.out = append(c.out, s...)
	c.textEnd = len(c.out)
}

// keptSpace writes a space that is kept as it is, unless it would begin a
// line (trimmed there; if it ends one, endLine trims it).
func (c *collapser) keptSpace(s string) {
	if c.lineBreakOwed || c.textEnd == c.lineStart {
		return
	}
	if c.pendingSpace {
		c.out = append(c.out, ' ')
		c.pendingSpace = false
	}
	c.out = append(c.out, s...)
}

// endLine trims the current line; a line with text is owed a line break.
func (c *collapser) endLine() {
	if c.lineBreakOwed {
		return
	}
	c.out = c.out[:c.textEnd]
	c.lineBreakOwed = c.textEnd > c.lineStart
	c.pendingSpace = false
}

// invisible reports characters that carry no text: C0/C1 controls (ANPA
// framing bytes, stray form feeds), zero-width characters, byte-order marks,
// soft hyphens and bidi embedding controls.
func invisible(r rune) bool {
	switch r {
	// ZWNJ/ZWJ (U+200C/D) are kept: Persian and Indic spelling needs them.
	case '\u00AD', '\u200B', '\u2060', '\uFEFF',
		'\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
		'\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return unicode.IsControl(r)
}
