package wire

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
)

// A small strict JSON scanner for the top level of one object, so that the
// usual dispatch (a flat JSON object of strings) is detected and decoded in
// one pass over its bytes, without a general decoder. It accepts only what
// it fully understands: valid JSON (RFC 8259) whose strings are valid UTF-8
// without control characters, and whose keys have no escapes. Callers take
// the general decoder (segmentio/encoding/json) for anything else, so the
// scanner never has to agree with that decoder's errors or leniencies.

// jsonMember is one member of a scanned object.
type jsonMember struct {
	key   []byte // without quotes; never holds an escape
	value []byte // the raw value: a string with its quotes, a number, a literal, an array or an object
	// escaped: the value is a string holding a backslash escape.
	escaped bool
	// clean: the value is a string whose text is clean, '&' and DEL aside
	// (see plainStringRun).
	clean bool
}

// maxScanDepth bounds the nesting of values the scanner skips; deeper
// documents go to the general decoder.
const maxScanDepth = 32

// scanObject calls visit with each member of the JSON object that data
// holds, surrounded by JSON white space only. It returns false, maybe after
// some visits, when data is not such an object or holds something the
// scanner does not handle, or when visit returns false.
func scanObject(data []byte, visit func(jsonMember) bool) bool {
	i := skipJSONSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	i = skipJSONSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return skipJSONSpace(data, i+1) == len(data)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return false
		}
		keyEnd, escaped, ok := scanJSONString(data, i)
		if !ok || escaped {
			return false
		}
		key := data[i+1 : keyEnd-1]
		i = skipJSONSpace(data, keyEnd)
		if i >= len(data) || data[i] != ':' {
			return false
		}
		i = skipJSONSpace(data, i+1)
		start := i
		m := jsonMember{key: key}
		if i < len(data) && data[i] == '"' {
			i, m.escaped, m.clean, ok = scanJSONText(data, i)
		} else {
			i, ok = skipJSONValue(data, i, 0)
		}
		if !ok {
			return false
		}
		m.value = data[start:i]
		if !visit(m) {
			return false
		}
		i = skipJSONSpace(data, i)
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case ',':
			i = skipJSONSpace(data, i+1)
		case '}':
			return skipJSONSpace(data, i+1) == len(data)
		default:
			return false
		}
	}
}

func skipJSONSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanJSONString reads the string that starts at data[i] ('"') and returns
// where it ends (after its closing quote) and whether it holds escapes.
func scanJSONString(data []byte, i int) (end int, escaped, ok bool) {
	end, escaped, _, ok = scanJSONText(data, i)
	return end, escaped, ok
}

// scanJSONText is scanJSONString, also reporting whether the string's
// text is clean, '&' and DEL aside: its runs are (see plainStringRun) and
// its escapes stand for '"', '\\' or '/' only.
//
// It finds quotes and backslashes with bytes.IndexByte and checks the runs
// between them at once, which is several times faster than a loop over
// bytes on the long strings of a body.
func scanJSONText(data []byte, i int) (end int, escaped, clean, ok bool) {
	i++
	clean = true
	for {
		q := bytes.IndexByte(data[i:], '"')
		if q < 0 {
			return 0, false, false, false
		}
		run := data[i : i+q]
		b := bytes.IndexByte(run, '\\')
		if b >= 0 {
			run = run[:b]
		}
		valid, cleanRun := plainStringRun(run)
		if !valid {
			return 0, false, false, false
		}
		clean = clean && cleanRun
		i += len(run)
		if b < 0 {
			return i + 1, escaped, clean, true
		}
		escaped = true
		if i+1 >= len(data) {
			return 0, false, false, false
		}
		switch data[i+1] {
		case '"', '\\', '/':
			i += 2
		case 'b', 'f', 'n', 'r', 't':
			i += 2
			clean = false // a control character
		case 'u':
			if _, ok := hex4(data[i+2:]); !ok {
				return 0, false, false, false
			}
			i += 6
			clean = false // whatever it stands for
		default:
			return 0, false, false, false
		}
	}
}

// plainStringRun reports whether a run of string text without quotes and
// backslashes is valid UTF-8 without control characters, and whether its
// text is also clean, '&' and DEL aside: printable ASCII and letters from
// U+00C0 to U+02FF (lead bytes 0xC3 to 0xCB) only, without two spaces in a
// row, which normalize.Block keeps as they are once trimmed (see
// normalize's alreadyClean), so that the parser need not read the text
// again to find it so.
//
// It reads the run eight bytes at a time, testing each word whatever its
// mix of ASCII and two-byte characters (the accented letters of European
// text) in a few operations; from a word that holds anything else, the
// rest of the run goes to plainStringRunBytes (and is not called clean).
func plainStringRun(run []byte) (valid, clean bool) {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7F7F7F7F7F7F7F7F
	// leadBefore is 0x80 when the word before ended with a two-byte
	// character's lead byte: the next word must begin with its
	// continuation; spaceBefore, when it ended with a space.
	var leadBefore, spaceBefore uint64
	// dirty has a byte's high bit set where the text is not clean.
	var dirty uint64
	rest := run
	for ; len(rest) >= 8; rest = rest[8:] { // slices the compiler need not check
		w := binary.LittleEndian.Uint64(rest)
		// Two spaces in a row: the spaces are found exactly, as the
		// bytes where x is 0.
		x := w ^ (ones * ' ')
		spaces := ^(x&lows + lows | x)
		dirty |= spaces & (spaces<<8 | spaceBefore)
		spaceBefore = spaces >> 56
		// A byte below 0x20 borrows in w-0x20 and has its high bit set
		// there; a byte from 0x80 up has it set in w.
		if ((w-0x20*ones)|w|leadBefore)&highs == 0 {
			continue
		}
		if (w-0x20*ones)&^w&highs != 0 {
			break // a control character (or a borrow after a byte below 0x20)
		}
		// Each lead byte (0xC0 up) is followed by one continuation byte
		// (0x80 to 0xBF), which follows nothing else, and lies from 0xC2
		// to 0xDF (its low six bits from 2 to 31); from 0xC3 to 0xCB (3
		// to 11) in clean text.
		high := w & highs
		lead, cont := high&(w<<1), high&^(w<<1)
		low6 := w & (ones * 0x3F)
		if (cont^(lead<<8|leadBefore))|lead&^(low6+ones*(0x80-2))|lead&(low6+ones*(0x80-0x20)) != 0 {
			break
		}
		dirty |= lead&^(low6+ones*(0x80-3)) | lead&(low6+ones*(0x80-12))
		leadBefore = lead >> 56
	}
	if len(rest) == 0 && leadBefore == 0 {
		return true, dirty&highs == 0
	}
	if 0 < len(rest) && len(rest) < 8 && len(run) >= 8 {
		// The last bytes, fewer than eight, in the word of the run's last
		// eight, whose bytes before them passed the tests above: a
		// continuation byte first follows its lead byte, and a space
		// first pairs with a byte tested with it.
		w := binary.LittleEndian.Uint64(run[len(run)-8:])
		x := w ^ (ones * ' ')
		sp := ^(x&lows + lows | x)
		high := w & highs
		lead, cont := high&(w<<1), high&^(w<<1)
		low6 := w & (ones * 0x3F)
		if (w-0x20*ones)&^w&highs == 0 && lead>>56 == 0 &&
			(cont^(lead<<8|cont&0x80))|lead&^(low6+ones*(0x80-2))|lead&(low6+ones*(0x80-0x20)) == 0 {
			dirty |= sp&(sp<<8) | lead&^(low6+ones*(0x80-3)) | lead&(low6+ones*(0x80-12))
			return true, dirty&highs == 0
		}
		// Something the word does not take: the bytes below tell.
	}
	i := len(run) - len(rest)
	if leadBefore != 0 {
		i-- // back to the lead byte, for the bytes below to read its character whole
	}
	if !plainStringRunBytes(run[i:]) {
		return false, false
	}
	if len(rest) >= 8 {
		return true, false // the loop stopped at a character clean text lacks
	}
	return true, dirty&highs == 0 && cleanTail(run[i:], spaceBefore&0x80 != 0)
}

// cleanTail is plainStringRun's test of clean text for the last bytes of a
// run, fewer than nine and valid, after a space if spaceBefore.
func cleanTail(tail []byte, spaceBefore bool) bool {
	for j := 0; j < len(tail); j++ {
		switch c := tail[j]; {
		case c == ' ':
			if spaceBefore {
				return false
			}
			spaceBefore = true
			continue
		case c > ' ' && c <= 0x7F:
		case c >= 0xC3 && c <= 0xCB: // a lead byte, followed by its continuation
			j++
		default:
			return false
		}
		spaceBefore = false
	}
	return true
}

// plainStringRunBytes is plainStringRun a byte at a time by table, which
// takes the two bytes of an accented letter without a branch that
// mispredicts on varied text, eight bytes at a time while they are ASCII
// from 0x20 up; other characters are decoded.
func plainStringRunBytes(run []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	prev := uint8(0) // the class of the byte before run[i]
	for i := 0; i < len(run); {
		if i+8 <= len(run) && prev&lead2Byte == 0 {
			w := binary.LittleEndian.Uint64(run[i:])
			if ((w-0x20*ones)|w)&highs == 0 {
				i += 8
				continue
			}
		}
		for end := min(i+8, len(run)); i < end; i++ {
			class := stringByteClass[run[i]]
			// A continuation byte must follow a two-byte lead, and only it.
			if class&plainByte != 0 && (class&contByte != 0) == (prev&lead2Byte != 0) {
				prev = class
				continue
			}
			if prev&lead2Byte != 0 || class&contByte != 0 || run[i] < 0x20 {
				return false
			}
			r, size := utf8.DecodeRune(run[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
			i += size - 1
			prev = 0
		}
	}
	return prev&lead2Byte == 0
}

// Classes of the bytes of string text, for plainStringRun.
const (
	plainByte = 1 << iota // ASCII from 0x20 up, or a byte of a two-byte character
	contByte              // a continuation byte, 0x80 to 0xBF
	lead2Byte             // the lead byte of a two-byte character, 0xC2 to 0xDF
)

var stringByteClass = func() (t [256]uint8) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = plainByte
	}
	for c := 0x80; c < 0xC0; c++ {
		t[c] = plainByte | contByte
	}
	for c := 0xC2; c < 0xE0; c++ {
		t[c] = plainByte | lead2Byte
	}
	return t
}()

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skipJSONValue returns where the value that starts at data[i] ends.
func skipJSONValue(data []byte, i, depth int) (int, bool) {
	if i >= len(data) {
		return 0, false
	}
	switch c := data[i]; {
	case c == '"':
		end, _, ok := scanJSONString(data, i)
		return end, ok
	case c == '{' || c == '[':
		if depth >= maxScanDepth {
			return 0, false
		}
		return skipJSONContainer(data, i, depth+1)
	case c == '-' || c >= '0' && c <= '9':
		return skipJSONNumber(data, i)
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(data)-i >= len(lit) && string(data[i:i+len(lit)]) == lit {
			return i + len(lit), true
		}
	}
	return 0, false
}

// skipJSONContainer skips the object or array that starts at data[i].
func skipJSONContainer(data []byte, i, depth int) (int, bool) {
	object := data[i] == '{'
	closer := byte(']')
	if object {
		closer = '}'
	}
	i = skipJSONSpace(data, i+1)
	if i < len(data) && data[i] == closer {
		return i + 1, true
	}
	for {
		var ok bool
		if object {
			if i >= len(data) || data[i] != '"' {
				return 0, false
			}
			if i, _, ok = scanJSONString(data, i); !ok {
				return 0, false
			}
			i = skipJSONSpace(data, i)
			if i >= len(data) || data[i] != ':' {
				return 0, false
			}
			i = skipJSONSpace(data, i+1)
		}
		if i, ok = skipJSONValue(data, i, depth); !ok {
			return 0, false
		}
		i = skipJSONSpace(data, i)
		if i >= len(data) {
			return 0, false
		}
		switch data[i] {
		case ',':
			i = skipJSONSpace(data, i+1)
		case closer:
			return i + 1, true
		default:
			return 0, false
		}
	}
}

// skipJSONNumber skips a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipJSONNumber(data []byte, i int) (int, bool) {
	if data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		i = skipDigits(data, i)
	default:
		return 0, false
	}
	if i < len(data) && data[i] == '.' {
		j := skipDigits(data, i+1)
		if j == i+1 {
			return 0, false
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := skipDigits(data, i)
		if j == i {
			return 0, false
		}
		i = j
	}
	return i, true
}

func skipDigits(data []byte, i int) int {
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	return i
}

// appendJSONString appends the text of a scanned JSON string value (quotes
// included) to buf. It returns false for a \u escape of a UTF-16 surrogate,
// which the general decoder's rules for pairs and strays must handle.
func appendJSONString(buf []byte, quoted []byte) ([]byte, bool) {
	s := quoted[1 : len(quoted)-1]
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\\')
		if i < 0 {
			buf = append(buf, s...)
			break
		}
		buf = append(buf, s[:i]...)
		// scanJSONString checked every escape.
		switch c := s[i+1]; c {
		case 'u':
			r, _ := hex4(s[i+2:])
			if utf8.RuneLen(r) < 0 {
				return buf, false // a surrogate
			}
			buf = utf8.AppendRune(buf, r)
			s = s[i+6:]
			continue
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		default: // '"', '\\', '/'
			buf = append(buf, c)
		}
		s = s[i+2:]
	}
	return buf, true
}
