package parserstage

import (
	"context"
	"fmt"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/sharedtest"
	"github.com/newswire/newswire/pkg/stage"
)

// BenchmarkHandle runs the handler on the feed's dispatches as `newswire
// bench` sends them: re-encoded JSON envelopes, an id of their own each.
func BenchmarkHandle(b *testing.B) {
	var msgs []*stage.Message
	var total int64
	for i, line := range sharedtest.FeedLines(b, 2000) {
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			b.Fatal(err)
		}
		rec["id"] = fmt.Sprintf("%v-%d", rec["id"], i)
		data, err := json.Marshal(rec)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, &stage.Message{
			Subject: "news.raw.bench", Data: data,
			Header: nats.Header{stage.HeaderContentType: {"application/json"}},
		})
		total += int64(len(data))
	}
	ctx := context.Background()
	b.SetBytes(total / int64(len(msgs)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Handle(ctx, msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
}
