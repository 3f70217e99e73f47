package casualtystage

import "github.com/newswire/newswire/proto"

// decodeProtobuf decodes the protobuf form of an enriched dispatch into e
// like proto.Unmarshal would, except that it leaves the body text in the
// message's bytes: it returns them instead of copying them into
// e.Dispatch.BodyText. The body is most of the message and most bodies
// hold no figure (see casualty.Extractor.ExtractScratch).
//
// It takes only the messages the pipeline sends: ok is false at anything
// else (malformed bytes, a known field with another wire type, groups), and
// the caller then decodes with proto.Unmarshal, which gives the exact error.
// What it accepts, proto.Unmarshal decodes to the same values: a message
// field seen twice is merged, a string field seen twice keeps the last.
func decodeProtobuf(data []byte, e *enrichedInput) (body []byte, ok bool) {
	for len(data) > 0 {
		num, typ, val, rest, ok := nextField(data)
		if !ok {
			return nil, false
		}
		data = rest
		switch num {
		case 1:
			if typ != wireBytes {
				return nil, false
			}
			if e.Dispatch == nil {
				e.Dispatch = &dispatchInput{}
			}
			if body, ok = decodeDispatch(val, e.Dispatch, body); !ok {
				return nil, false
			}
		case 6, 7:
			if typ != wireBytes {
				return nil, false
			}
			if num == 6 {
				e.Country = string(val)
			} else {
				e.StoryID = string(val)
			}
		}
	}
	return body, true
}

// decodeDispatch decodes the fields of a dispatchInput from data into d;
// body is the body text seen so far, which a later occurrence replaces.
func decodeDispatch(data []byte, d *dispatchInput, body []byte) ([]byte, bool) {
	for len(data) > 0 {
		num, typ, val, rest, ok := nextField(data)
		if !ok {
			return nil, false
		}
		data = rest
		var field *string
		switch num {
		case 1:
			field = &d.ID
		case 2:
			field = &d.Source
		case 7:
			field = &d.Status
		case 8:
			field = &d.Language
		case 10:
			field = &d.Headline
		case 18:
			if typ != wireBytes {
				return nil, false
			}
			body = val
			continue
		case 21:
			if typ != wireBytes {
				return nil, false
			}
			if d.Revision == nil {
				d.Revision = &proto.Revision{}
			}
			if !decodeRevision(val, d.Revision) {
				return nil, false
			}
			continue
		default:
			continue
		}
		if typ != wireBytes {
			return nil, false
		}
		*field = string(val)
	}
	return body, true
}

// decodeRevision decodes the fields of a proto.Revision (three strings).
func decodeRevision(data []byte, r *proto.Revision) bool {
	for len(data) > 0 {
		num, typ, val, rest, ok := nextField(data)
		if !ok {
			return false
		}
		data = rest
		if num < 1 || num > 3 {
			continue
		}
		if typ != wireBytes {
			return false
		}
		switch num {
		case 1:
			r.Kind = string(val)
		case 2:
			r.Replaces = string(val)
		case 3:
			r.Description = string(val)
		}
	}
	return true
}

// Protobuf wire types.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// maxFieldNumber is the largest field number protobuf allows.
const maxFieldNumber = 1<<29 - 1

// nextField splits the field at the start of data: its number and wire
// type, its value (the payload of a length-delimited field, nil for the
// others, which the decoders here only skip) and the bytes after it. ok is
// false at malformed bytes and at groups, which the pipeline never sends.
func nextField(data []byte) (num uint64, typ int, val, rest []byte, ok bool) {
	tag, n := uvarint(data)
	if n == 0 {
		return 0, 0, nil, nil, false
	}
	num, typ, data = tag>>3, int(tag&7), data[n:]
	if num == 0 || num > maxFieldNumber {
		return 0, 0, nil, nil, false
	}
	switch typ {
	case wireVarint:
		if _, n = uvarint(data); n == 0 {
			return 0, 0, nil, nil, false
		}
		return num, typ, nil, data[n:], true
	case wireFixed64, wireFixed32:
		size := 8
		if typ == wireFixed32 {
			size = 4
		}
		if len(data) < size {
			return 0, 0, nil, nil, false
		}
		return num, typ, nil, data[size:], true
	case wireBytes:
		l, n := uvarint(data)
		if n == 0 || l > uint64(len(data)-n) {
			return 0, 0, nil, nil, false
		}
		end := n + int(l)
		return num, typ, data[n:end], data[end:], true
	}
	return 0, 0, nil, nil, false
}

// uvarint decodes a varint of at most ten bytes, the tenth at most 1 (as
// protowire does); n is 0 if data does not start with one.
func uvarint(data []byte) (v uint64, n int) {
	// Tags and short lengths take one byte.
	if len(data) > 0 && data[0] < 0x80 {
		return uint64(data[0]), 1
	}
	for i := 0; i < len(data) && i < 10; i++ {
		c := data[i]
		if i == 9 && c > 1 {
			return 0, 0
		}
		v |= uint64(c&0x7F) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}
