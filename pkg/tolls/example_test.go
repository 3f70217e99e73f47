package tolls_test

import (
	"context"
	"fmt"

	"github.com/newswire/newswire/pkg/story/versioned"
	"github.com/newswire/newswire/pkg/tolls"
	"github.com/newswire/newswire/proto"
)

func Example() {
	tl := tolls.New(versioned.NewMemory(0)) // services: versioned.OpenJetStream(ctx, js, tolls.Bucket())
	ctx := context.Background()
	// "au moins 40 morts", then "le bilan s'alourdit à 52 morts".
	tl.Record(ctx, "story-1", "afp-1", []proto.Figure{{Kind: proto.KindKilled, Low: proto.Int64(40), Span: "au moins 40 morts"}}, false)
	sups, _ := tl.Record(ctx, "story-1", "afp-2", []proto.Figure{{Kind: proto.KindKilled, Low: proto.Int64(52), High: proto.Int64(52), Span: "52 morts"}}, false)
	for _, s := range sups {
		fmt.Printf("%s: %s %d+ → %d\n", s.DispatchID, s.Kind, *s.Low, *s.NewHigh)
	}
	// Output: afp-1: killed 40+ → 52
}
