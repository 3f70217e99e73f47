package main

import (
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/proto"
)

// TestTailJSON prints protobuf messages as JSON, and JSON ones as they are.
func TestTailJSON(t *testing.T) {
	e := &proto.EnrichedDispatch{Dispatch: &proto.ParsedDispatch{ID: "afp-1", Headline: "Séisme"}, StoryID: "story-1"}
	for _, ct := range []string{proto.ContentTypeProtobuf, proto.ContentTypeJSON} {
		data, err := proto.Marshal(ct, e)
		if err != nil {
			t.Fatal(err)
		}
		got := string(asJSON(&nats.Msg{Subject: "news.enriched.fr", Data: data, Header: nats.Header{stage.HeaderContentType: {ct}}}))
		if !strings.Contains(got, `"id":"afp-1"`) || !strings.Contains(got, `"story_id":"story-1"`) {
			t.Errorf("%s: %s", ct, got)
		}
	}
	bad := asJSON(&nats.Msg{Subject: "news.parsed.fr", Data: []byte{0xff, 0xff}, Header: nats.Header{stage.HeaderContentType: {proto.ContentTypeProtobuf}}})
	if !strings.HasPrefix(string(bad), `{"error":`) {
		t.Errorf("undecodable message: %s", bad)
	}
}
