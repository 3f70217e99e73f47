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
	if contentType == "" {
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
	return strings.TrimSpace(collapse(prepare(s), false))
}

// Block normalises a multi-paragraph body: like Inline within each line, but
// line breaks survive, each line is trimmed, and blank lines separating
// paragraphs are reduced to one "\n". The result has one paragraph per line.
func Block(s string) string {
	s = collapse(prepare(s), true)
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// prepare resolves entities and composes to NFC.
func prepare(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = Entities(s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
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

// collapse drops controls and invisible characters and folds white space.
// keepLines keeps '\n' (after turning "\r\n" and '\r' into it).
func collapse(s string, keepLines bool) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			r = '\n'
			fallthrough
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			if keepLines {
				pendingSpace = false
				b.WriteByte('\n')
			} else {
				pendingSpace = true
			}
			continue
		case r == '\u00A0' || r == '\u202F' || r == '\u2007':
			// Significant: thousands separators and French typography.
			flushSpace(&b, &pendingSpace)
			b.WriteRune(r)
			continue
		case unicode.IsSpace(r):
			pendingSpace = true
			continue
		case invisible(r):
			continue
		}
		flushSpace(&b, &pendingSpace)
		b.WriteRune(r)
	}
	return b.String()
}

func flushSpace(b *strings.Builder, pending *bool) {
	if *pending {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		*pending = false
	}
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
