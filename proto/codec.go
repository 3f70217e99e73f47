package proto

import (
	"fmt"
	"strings"

	"github.com/segmentio/encoding/json"
)

// Content types understood by Marshal and Unmarshal.
const (
	ContentTypeJSON     = "application/json"
	ContentTypeProtobuf = "application/protobuf"
)

// IsProtobuf reports whether contentType names the protobuf encoding
// (application/protobuf or application/x-protobuf, parameters ignored).
func IsProtobuf(contentType string) bool {
	if contentType == ContentTypeProtobuf {
		return true // what the stages send, checked on every message
	}
	ct, _, _ := strings.Cut(contentType, ";")
	ct = strings.TrimSpace(strings.ToLower(ct))
	return ct == ContentTypeProtobuf || ct == "application/x-protobuf"
}

// Marshal encodes v as protobuf when contentType says so, as JSON otherwise.
// The protobuf encoding (wirecodec.go) takes the message types of this
// package, or any struct tagged like them.
func Marshal(contentType string, v any) ([]byte, error) {
	if IsProtobuf(contentType) {
		b, err := marshalProtobuf(v)
		if err != nil {
			return nil, fmt.Errorf("encoding %T as protobuf: %w", v, err)
		}
		return b, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %T as json: %w", v, err)
	}
	return b, nil
}

// Unmarshal decodes data into v, as protobuf when contentType says so, as JSON otherwise.
// Protobuf decoding resets v first; JSON decoding fills in what data holds.
func Unmarshal(contentType string, data []byte, v any) (err error) {
	if IsProtobuf(contentType) {
		// The decoder returns errors for bad input and is fuzzed not to
		// panic; this is the last resort that keeps a bug in it to one
		// message, never the process.
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("decoding %T from protobuf: %v", v, r)
			}
		}()
		if err := unmarshalProtobuf(data, v); err != nil {
			return fmt.Errorf("decoding %T from protobuf: %w", v, err)
		}
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decoding %T from json: %w", v, err)
	}
	return nil
}
