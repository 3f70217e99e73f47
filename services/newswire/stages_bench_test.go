package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/pkg/sharedtest"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/pkg/story"
	"github.com/newswire/newswire/services/casualties/casualtystage"
	"github.com/newswire/newswire/services/enricher/enricherstage"
	"github.com/newswire/newswire/services/parser/parserstage"
)

// BenchmarkStageHandlers runs each stage's handler, decoding and encoding
// included, on the feed dispatches `newswire bench` replays, without the
// broker: the domain work per dispatch that the pipeline adds to the
// ceiling's. Bytes are the raw dispatch's.
func BenchmarkStageHandlers(b *testing.B) {
	recs, err := loadFeed(filepath.Join(sharedtest.Corpus(b), "feed", "orangesum_fr.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	ds, err := loopFeed(recs[:2000], 2000)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var raw, parsed, enriched []*stage.Message
	var rawBytes int64
	for _, d := range ds {
		m := &stage.Message{Subject: "news.raw.bench", Data: d.body, Header: nats.Header{stage.HeaderContentType: {"application/json"}}}
		raw = append(raw, m)
		rawBytes += int64(len(d.body))
	}
	stories := &renewableStories{}
	stories.renew(b)
	enricher, err := enricherstage.New(stories)
	if err != nil {
		b.Fatal(err)
	}
	casualties := &casualtystage.Handler{Extractor: casualty.New()}
	next := func(h stage.Handler, in []*stage.Message) []*stage.Message {
		var out []*stage.Message
		for _, m := range in {
			o, err := h.Handle(ctx, m)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, &stage.Message{Subject: o[0].Subject, Data: o[0].Data, Header: o[0].Header})
		}
		return out
	}
	parsed = next(stage.HandlerFunc(parserstage.Handle), raw)
	enriched = next(enricher, parsed)
	stories.renew(b)
	for _, c := range []struct {
		name string
		h    stage.Handler
		in   []*stage.Message
	}{
		{"parser", stage.HandlerFunc(parserstage.Handle), raw},
		{"enricher", enricher, parsed},
		{"casualties", casualties, enriched},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(rawBytes / int64(len(raw)))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if i > 0 && i%len(c.in) == 0 && c.name == "enricher" {
					// A dispatch seen before gets its stored story at once:
					// start each pass over the inputs on an empty story index.
					b.StopTimer()
					stories.renew(b)
					b.StartTimer()
				}
				if _, err := c.h.Handle(ctx, c.in[i%len(c.in)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// renewableStories is a story assigner whose memory the benchmark can empty.
type renewableStories struct{ *story.Assigner }

func (r *renewableStories) renew(b *testing.B) {
	b.Helper()
	a, err := story.NewAssigner(story.DefaultConfig(), 0)
	if err != nil {
		b.Fatal(err)
	}
	r.Assigner = a
}
