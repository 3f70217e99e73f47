package service

import (
	"os"

	"github.com/nats-io/nats.go"

	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/proto"
)

// outputContentType is how stages encode what they publish: JSON by default
// (readable with `nats sub`), protobuf when NEWSWIRE_ENCODING=protobuf.
func outputContentType() string {
	if os.Getenv("NEWSWIRE_ENCODING") == "protobuf" {
		return proto.ContentTypeProtobuf
	}
	return proto.ContentTypeJSON
}

// Encode marshals v in the pipeline's encoding and returns the headers that say which.
func Encode(v any) ([]byte, nats.Header, error) {
	ct := outputContentType()
	b, err := proto.Marshal(ct, v)
	if err != nil {
		return nil, nil, err
	}
	return b, nats.Header{stage.HeaderContentType: []string{ct}}, nil
}

// Decode unmarshals a stage input by its Content-Type header. A message that
// does not decode can never succeed, so the error is Permanent.
func Decode(m *stage.Message, v any) error {
	if err := proto.Unmarshal(m.Header.Get(stage.HeaderContentType), m.Data, v); err != nil {
		return stage.Permanent(err)
	}
	return nil
}
