package stage

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

var benchPayload = []byte(strings.Repeat("x", 4096))

// publishN publishes n raw messages with async publishes and waits for every PubAck.
func (p *pipeline) publishN(b *testing.B, n int) {
	js, err := jetstream.New(p.nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		if _, err := js.PublishMsgAsync(&nats.Msg{Subject: "news.raw.bench", Data: benchPayload}, jetstream.WithMsgID(fmt.Sprint("b", i))); err != nil {
			b.Fatal(err)
		}
	}
	<-js.PublishAsyncComplete()
}

// BenchmarkBrokerConsumeAck is the ceiling for one stage: messages already in
// the stream, consumed and acked by a durable pull consumer, no publishing.
func BenchmarkBrokerConsumeAck(b *testing.B) {
	p := newPipeline(b)
	cfg := testConfig()
	cfg.AckWait = 30 * time.Second
	cons, err := ProvisionConsumer(context.Background(), p.js, cfg)
	if err != nil {
		b.Fatal(err)
	}
	p.publishN(b, b.N)
	b.ResetTimer()
	done := make(chan struct{})
	seen := 0
	cc, err := cons.Consume(func(m jetstream.Msg) {
		_ = m.Ack()
		seen++
		if seen == b.N {
			close(done)
		}
	}, jetstream.PullMaxMessages(500))
	if err != nil {
		b.Fatal(err)
	}
	<-done
	b.StopTimer()
	cc.Stop()
	b.SetBytes(int64(len(benchPayload)))
}

// BenchmarkStagePassThrough runs the stage runtime with a handler that does
// no work: consume, publish one output with its msg id, wait for the PubAck, ack.
func BenchmarkStagePassThrough(b *testing.B) {
	p := newPipeline(b)
	cfg := testConfig()
	cfg.AckWait = 30 * time.Second
	p.publishN(b, b.N)
	st, err := p.js.Stream(context.Background(), StreamParsed)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	p.start(cfg, HandlerFunc(func(_ context.Context, m *Message) ([]Output, error) {
		return []Output{{Subject: "news.parsed.xx", Data: m.Data}}, nil
	}), nil)
	for {
		info, err := st.Info(context.Background())
		if err == nil && info.State.Msgs >= uint64(b.N) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	b.SetBytes(int64(len(benchPayload)))
}

// BenchmarkBrokerPublish is the publish half of the ceiling: async publishes
// with a Nats-Msg-Id, waiting for every PubAck.
func BenchmarkBrokerPublish(b *testing.B) {
	p := newPipeline(b)
	b.ResetTimer()
	p.publishN(b, b.N)
	b.SetBytes(int64(len(benchPayload)))
}
