package service

import (
	"os"

	"github.com/nats-io/nats.go"

	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/proto"
)

// OutputContentType is how stages encode v. NEWSWIRE_ENCODING=json or
// protobuf chooses one for everything. By default the dispatches passed
// between stages (news.parsed, news.enriched: the whole text with its
// annotations, 3-5 KB) travel as protobuf — as JSON their decoding and
// encoding were a fifth of the stages' CPU under `newswire bench` — and
// what ends the pipeline, the casualty reports, stays JSON, readable with
// `nats sub` by any consumer. `newswire tail` shows either as JSON.
func OutputContentType(v any) string {
	switch os.Getenv("NEWSWIRE_ENCODING") {
	case "protobuf":
		return proto.ContentTypeProtobuf
	case "json":
		return proto.ContentTypeJSON
	}
	switch v.(type) {
	case *proto.ParsedDispatch, *proto.EnrichedDispatch:
		return proto.ContentTypeProtobuf
	}
	return proto.ContentTypeJSON
}

// Encode marshals v in the pipeline's encoding for it and returns the
// headers that say which.
func Encode(v any) ([]byte, nats.Header, error) {
	ct := OutputContentType(v)
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
