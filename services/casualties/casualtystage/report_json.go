package casualtystage

import (
	"encoding/binary"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/newswire/newswire/proto"
)

// appendReportJSON appends the JSON encoding of r to b, byte for byte what
// proto.Marshal (segmentio/encoding/json, HTML escaped) gives, without
// going through reflection: the report is encoded once per dispatch.
// extractedAt is appended as r.ExtractedAt, formatted in place.
func appendReportJSON(b []byte, r *proto.CasualtyReport, extractedAt time.Time) []byte {
	b = append(b, `{"dispatch_id":`...)
	b = appendJSONString(b, r.DispatchID)
	if r.StoryID != "" {
		b = append(b, `,"story_id":`...)
		b = appendJSONString(b, r.StoryID)
	}
	b = append(b, `,"country":`...)
	b = appendJSONString(b, r.Country)
	b = append(b, `,"language":`...)
	b = appendJSONString(b, r.Language)
	if r.Headline != "" {
		b = append(b, `,"headline":`...)
		b = appendJSONString(b, r.Headline)
	}
	b = append(b, `,"figures":`...)
	if r.Figures == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Figures {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendFigureJSON(b, &r.Figures[i])
		}
		b = append(b, ']')
	}
	if len(r.Supersedes) > 0 {
		b = append(b, `,"supersedes":[`...)
		for i := range r.Supersedes {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendSupersessionJSON(b, &r.Supersedes[i])
		}
		b = append(b, ']')
	}
	if r.Retraction {
		b = append(b, `,"retraction":true`...)
	}
	// RFC 3339 with nanoseconds has no character JSON escapes.
	b = append(b, `,"extracted_at":"`...)
	b = extractedAt.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if r.Source != "" {
		b = append(b, `,"source":`...)
		b = appendJSONString(b, r.Source)
	}
	return append(b, '}')
}

func appendFigureJSON(b []byte, f *proto.Figure) []byte {
	b = append(b, `{"kind":`...)
	b = appendJSONString(b, f.Kind)
	b = append(b, `,"low":`...)
	b = appendJSONInt(b, f.Low)
	b = append(b, `,"high":`...)
	b = appendJSONInt(b, f.High)
	b = append(b, `,"span":`...)
	b = appendJSONString(b, f.Span)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, f.Start, 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, f.End, 10)
	b = appendOptionalString(b, `,"sentence":`, f.Sentence)
	b = appendOptionalString(b, `,"group":`, f.Group)
	if f.PartOf != nil {
		b = append(b, `,"part_of":`...)
		b = strconv.AppendInt(b, *f.PartOf, 10)
	}
	b = appendOptionalString(b, `,"cause":`, f.Cause)
	b = appendOptionalString(b, `,"location":`, f.Location)
	b = appendOptionalString(b, `,"period":`, f.Period)
	b = appendOptionalString(b, `,"source":`, f.Source)
	return append(b, '}')
}

func appendSupersessionJSON(b []byte, s *proto.Supersession) []byte {
	b = append(b, `{"dispatch_id":`...)
	b = appendJSONString(b, s.DispatchID)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, s.Kind)
	b = append(b, `,"low":`...)
	b = appendJSONInt(b, s.Low)
	b = append(b, `,"high":`...)
	b = appendJSONInt(b, s.High)
	b = append(b, `,"new_low":`...)
	b = appendJSONInt(b, s.NewLow)
	b = append(b, `,"new_high":`...)
	b = appendJSONInt(b, s.NewHigh)
	return append(b, '}')
}

// appendOptionalString appends key and s unless s is empty (omitempty).
func appendOptionalString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, key...), s)
}

func appendJSONInt(b []byte, v *int64) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, *v, 10)
}

const hexDigits = "0123456789abcdef"

// Bytes of a uint64, for testing eight bytes of a string at once.
const (
	ones    = 0x0101010101010101
	highBit = 0x8080808080808080
)

// mayNeedEscape reports whether one of the eight bytes of x (a string's,
// little-endian) may need escaping or be part of a multi-byte rune: a byte
// from 0x80 up, below 0x20, or one of " \ < > &. It may report true for
// none (a borrow runs into the bytes above a match), never false for one.
func mayNeedEscape(x uint64) bool {
	// below(v, n) sets the high bit of the lowest byte of v under n, exactly.
	below := func(v, n uint64) uint64 { return (v - n*ones) &^ v & highBit }
	is := func(c uint64) uint64 { return below(x^(c*ones), 1) }
	return (x|below(x, 0x20)|is('"')|is('\\')|is('<')|is('>')|is('&'))&highBit != 0
}

// appendJSONString appends s as a JSON string the way segmentio's encoder
// does with HTML escaping: \" \\ \b \f \n \r \t, other control bytes and
// < > & as \u00XX, U+2028 and U+2029 as \u2028 and \u2029, each invalid
// UTF-8 byte as \ufffd; DEL (0x7F) and everything else as it is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0 // s[start:i] is yet to be appended, as it is
	for i := 0; i < len(s); {
		for i+8 <= len(s) && !mayNeedEscape(binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))) {
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c >= 0x20 && c <= 0x7F && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
