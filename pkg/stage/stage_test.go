package stage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/newswire/newswire/pkg/natstest"
)

// pipeline is a raw → parsed test stage on an embedded server.
type pipeline struct {
	t  testing.TB
	nc *nats.Conn
	js jetstream.JetStream
}

func newPipeline(t testing.TB) *pipeline {
	t.Helper()
	ns := natstest.Server(t)
	nc := natstest.Connect(t, ns)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := ProvisionStreams(ctx, js, ProvisionOptions{}); err != nil {
		t.Fatal(err)
	}
	// Idempotent: a second provisioning changes nothing and fails nothing.
	if err := ProvisionStreams(ctx, js, ProvisionOptions{}); err != nil {
		t.Fatalf("re-provisioning: %v", err)
	}
	return &pipeline{t: t, nc: nc, js: js}
}

func testConfig() Config {
	return Config{Name: "parser", Stream: StreamRaw, Workers: 4, AckWait: time.Second, MaxDeliver: 3,
		RetryInitial: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond}
}

// start runs a stage until the returned stop function is called.
func (p *pipeline) start(cfg Config, h Handler, tweak func(*Stage)) (stop func()) {
	p.t.Helper()
	if _, err := ProvisionConsumer(context.Background(), p.js, cfg); err != nil {
		p.t.Fatal(err)
	}
	s, err := New(p.nc, cfg, h, WithTracerProvider(sdktrace.NewTracerProvider()))
	if err != nil {
		p.t.Fatal(err)
	}
	if tweak != nil {
		tweak(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(p.t, 5*time.Second, "stage consuming", s.Consuming)
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				p.t.Errorf("stage run: %v", err)
			}
		})
	}
	p.t.Cleanup(stop)
	return stop
}

func (p *pipeline) publishRaw(id, body string) {
	p.t.Helper()
	_, err := p.js.PublishMsg(context.Background(), &nats.Msg{Subject: "news.raw.test", Data: []byte(body)}, jetstream.WithMsgID(id))
	if err != nil {
		p.t.Fatal(err)
	}
}

// publishBacklog publishes n raw messages with ids prefix0..prefixN-1,
// one in every `every` of them with a body starting with bad.
func (p *pipeline) publishBacklog(prefix string, n, every int, bad string) {
	p.t.Helper()
	for i := range n {
		body := fmt.Sprintf("m%d", i)
		if i%every == every/2 {
			body = fmt.Sprintf("%s %d", bad, i)
		}
		p.publishRaw(fmt.Sprintf("%s%d", prefix, i), body)
	}
}

// streamMsgs returns every message currently stored on subject filter in stream.
func (p *pipeline) streamMsgs(stream, filter string) []*jetstream.RawStreamMsg {
	p.t.Helper()
	ctx := context.Background()
	st, err := p.js.Stream(ctx, stream)
	if err != nil {
		p.t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		p.t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if err != nil {
			continue
		}
		if filter == "" || strings.HasPrefix(m.Subject, filter) {
			out = append(out, m)
		}
	}
	return out
}

func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var upper = HandlerFunc(func(ctx context.Context, m *Message) ([]Output, error) {
	if strings.HasPrefix(string(m.Data), "poison") {
		return nil, Permanent(errors.New("cannot parse poison"))
	}
	if strings.HasPrefix(string(m.Data), "panic") {
		panic("boom")
	}
	return []Output{{Subject: "news.parsed.xx", Data: []byte(strings.ToUpper(string(m.Data)))}}, nil
})

func countByID(msgs []*jetstream.RawStreamMsg) map[string]int {
	n := map[string]int{}
	for _, m := range msgs {
		n[m.Header.Get(HeaderDispatchID)]++
	}
	return n
}

func TestStageHandlesAndAcks(t *testing.T) {
	p := newPipeline(t)
	p.start(testConfig(), upper, nil)
	for i := range 20 {
		p.publishRaw(fmt.Sprintf("d%d", i), fmt.Sprintf("text %d", i))
	}
	waitFor(t, 10*time.Second, "20 outputs", func() bool { return len(p.streamMsgs(StreamParsed, "")) == 20 })
	for id, n := range countByID(p.streamMsgs(StreamParsed, "")) {
		if n != 1 {
			t.Errorf("dispatch %s published %d times", id, n)
		}
	}
	for _, m := range p.streamMsgs(StreamParsed, "") {
		if id := m.Header.Get(HeaderDispatchID); m.Header.Get(nats.MsgIdHdr) != "parser:"+id {
			t.Errorf("output of %s has Nats-Msg-Id %q, want parser:%s", id, m.Header.Get(nats.MsgIdHdr), id)
		}
	}
}

func TestCrashAfterPublishBeforeAckYieldsOneOutput(t *testing.T) {
	p := newPipeline(t)
	var crashed atomic.Bool
	stop := p.start(testConfig(), upper, func(s *Stage) {
		s.crashAfterPublish = func(m *Message) bool { return !crashed.Swap(true) }
	})
	p.publishRaw("only", "hello")
	waitFor(t, 5*time.Second, "the first output", func() bool { return len(p.streamMsgs(StreamParsed, "")) >= 1 })
	stop()
	// A fresh replica picks the unacked input up after AckWait and handles it again.
	cfg := testConfig()
	s2 := p.start(cfg, upper, nil)
	defer s2()
	cons, _ := p.js.Consumer(context.Background(), StreamRaw, cfg.Name)
	waitFor(t, 10*time.Second, "input acked", func() bool {
		info, err := cons.Info(context.Background())
		return err == nil && info.NumAckPending == 0 && info.NumPending == 0 && info.Delivered.Consumer >= 2
	})
	if got := len(p.streamMsgs(StreamParsed, "")); got != 1 {
		t.Fatalf("downstream messages = %d, want exactly 1", got)
	}
}

func TestPoisonGoesToDLQAndNextFlows(t *testing.T) {
	p := newPipeline(t)
	p.start(testConfig(), upper, nil)
	p.publishRaw("bad", "poison pill")
	p.publishRaw("crash", "panic please")
	p.publishRaw("good", "fine")
	waitFor(t, 10*time.Second, "good output and two dead letters", func() bool {
		return len(p.streamMsgs(StreamParsed, "")) == 1 && len(p.streamMsgs(StreamDLQ, "")) == 2
	})
	dls := p.streamMsgs(StreamDLQ, "")
	reasons := map[string]string{}
	for _, m := range dls {
		if m.Subject != "news.dlq.parser" {
			t.Errorf("dead letter subject %q", m.Subject)
		}
		for _, h := range []string{HeaderError, HeaderStage, HeaderOriginSubject, HeaderStreamSeq, HeaderDeliveries, HeaderTraceID} {
			if m.Header.Get(h) == "" {
				t.Errorf("dead letter of %q lacks header %s", m.Data, h)
			}
		}
		reasons[string(m.Data)] = m.Header.Get(HeaderError)
	}
	if !strings.Contains(reasons["poison pill"], "cannot parse poison") {
		t.Errorf("poison reason = %q", reasons["poison pill"])
	}
	if !strings.Contains(reasons["panic please"], "panic: boom") {
		t.Errorf("panic reason = %q", reasons["panic please"])
	}
}

func TestTransientFailuresRetryThenDeadLetter(t *testing.T) {
	p := newPipeline(t)
	var calls atomic.Int32
	flaky := HandlerFunc(func(ctx context.Context, m *Message) ([]Output, error) {
		calls.Add(1)
		if string(m.Data) == "recovers" && m.Deliveries >= 2 {
			return []Output{{Subject: "news.parsed.xx", Data: m.Data}}, nil
		}
		return nil, errors.New("downstream busy")
	})
	p.start(testConfig(), flaky, nil)
	p.publishRaw("r", "recovers")
	p.publishRaw("n", "never")
	waitFor(t, 10*time.Second, "one output and one dead letter", func() bool {
		return len(p.streamMsgs(StreamParsed, "")) == 1 && len(p.streamMsgs(StreamDLQ, "")) == 1
	})
	dl := p.streamMsgs(StreamDLQ, "")[0]
	if !strings.Contains(dl.Header.Get(HeaderError), "gave up after 3 deliveries") {
		t.Errorf("reason = %q", dl.Header.Get(HeaderError))
	}
}

func TestMaxDeliveriesAdvisoryDeadLetters(t *testing.T) {
	p := newPipeline(t)
	cfg := testConfig()
	cfg.MaxDeliver = 2
	cfg.AckWait = 300 * time.Millisecond
	// Every delivery "crashes" before settling, so only the server's
	// max-deliveries advisory can rescue the message.
	p.start(cfg, upper, func(s *Stage) { s.crashAfterPublish = func(*Message) bool { return true } })
	p.publishRaw("stuck", "stuck message")
	waitFor(t, 10*time.Second, "dead letter from advisory", func() bool { return len(p.streamMsgs(StreamDLQ, "")) == 1 })
	dl := p.streamMsgs(StreamDLQ, "")[0]
	if string(dl.Data) != "stuck message" || !strings.Contains(dl.Header.Get(HeaderError), "max deliveries") {
		t.Errorf("dead letter = %q reason %q", dl.Data, dl.Header.Get(HeaderError))
	}
	if len(p.streamMsgs(StreamParsed, "")) != 1 {
		t.Errorf("outputs = %d, want 1 (deduplicated)", len(p.streamMsgs(StreamParsed, "")))
	}
}

func TestShutdownInFlightLosesAndDuplicatesNothing(t *testing.T) {
	p := newPipeline(t)
	const n = 300
	slow := HandlerFunc(func(ctx context.Context, m *Message) ([]Output, error) {
		time.Sleep(2 * time.Millisecond)
		return []Output{{Subject: "news.parsed.xx", Data: m.Data}}, nil
	})
	stop := p.start(testConfig(), slow, nil)
	for i := range n {
		p.publishRaw(fmt.Sprintf("s%d", i), fmt.Sprintf("m%d", i))
	}
	waitFor(t, 10*time.Second, "some progress", func() bool { return len(p.streamMsgs(StreamParsed, "")) > 20 })
	stop() // mid-stream
	mid := len(p.streamMsgs(StreamParsed, ""))
	p.start(testConfig(), slow, nil)
	waitFor(t, 30*time.Second, "all outputs", func() bool { return len(p.streamMsgs(StreamParsed, "")) >= n })
	time.Sleep(200 * time.Millisecond)
	counts := countByID(p.streamMsgs(StreamParsed, ""))
	if len(counts) != n {
		t.Errorf("distinct outputs = %d, want %d", len(counts), n)
	}
	for id, c := range counts {
		if c != 1 {
			t.Errorf("%s output %d times", id, c)
		}
	}
	if mid >= n {
		t.Logf("all %d handled before shutdown; the test did not exercise a mid-stream stop", n)
	}
}

func TestSubjectSanitises(t *testing.T) {
	tests := map[string]string{"AFP": "news.raw.afp", "": "news.raw.unknown", "a.b c>": "news.raw.a_b_c_"}
	for in, want := range tests {
		if got := Subject(SubjectRaw, in); got != want {
			t.Errorf("Subject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryDelayGrowsAndIsCapped(t *testing.T) {
	s := &Stage{cfg: Config{RetryInitial: 100 * time.Millisecond, RetryMax: time.Second}}
	prevMax := time.Duration(0)
	for n := uint64(1); n <= 10; n++ {
		d := s.retryDelay(n)
		if d <= 0 || d > time.Second+time.Second/2 {
			t.Fatalf("delay(%d) = %v out of bounds", n, d)
		}
		if n == 10 && d < 500*time.Millisecond {
			t.Errorf("delay(10) = %v, want near the cap", d)
		}
		prevMax = max(prevMax, d)
	}
}

func TestSlowHandlerIsKeptAliveNotRedelivered(t *testing.T) {
	p := newPipeline(t)
	cfg := testConfig()
	cfg.AckWait = 300 * time.Millisecond
	var calls atomic.Int64
	slow := HandlerFunc(func(ctx context.Context, m *Message) ([]Output, error) {
		calls.Add(1)
		time.Sleep(4 * cfg.AckWait) // several AckWaits: only InProgress keeps it ours
		return []Output{{Subject: "news.parsed.xx", Data: m.Data}}, nil
	})
	p.start(cfg, slow, nil)
	p.publishRaw("slow", "slow message")
	waitFor(t, 10*time.Second, "output", func() bool { return len(p.streamMsgs(StreamParsed, "")) == 1 })
	time.Sleep(2 * cfg.AckWait) // a redelivery would call the handler again
	if n := calls.Load(); n != 1 {
		t.Errorf("handler called %d times, want 1: the delivery was not kept alive", n)
	}
}

func TestBatchesSettleEachDeliveryOnItsOwn(t *testing.T) {
	p := newPipeline(t)
	const n = 60
	p.publishBacklog("b", n, 5, "poison")
	// One worker and a backlog waiting: deliveries are handled in batches,
	// poison ones among good ones.
	cfg := testConfig()
	cfg.Workers, cfg.MaxBatch = 1, 8
	var batched atomic.Bool
	p.start(cfg, upper, func(s *Stage) {
		s.onBatch = func(size int) {
			if size > 1 {
				batched.Store(true)
			}
		}
	})
	waitFor(t, 10*time.Second, "every delivery settled", func() bool {
		return len(p.streamMsgs(StreamParsed, "")) == n-n/5 && len(p.streamMsgs(StreamDLQ, "")) == n/5
	})
	if !batched.Load() {
		t.Error("no batch of more than one delivery formed: the test did not exercise batching")
	}
	time.Sleep(2 * testConfig().AckWait) // an unacked delivery would come back
	for id, c := range countByID(p.streamMsgs(StreamParsed, "")) {
		if c != 1 {
			t.Errorf("%s output %d times", id, c)
		}
	}
	if got := len(p.streamMsgs(StreamDLQ, "")); got != n/5 {
		t.Errorf("dead letters = %d, want %d", got, n/5)
	}
}

func TestFirstOutputsAreStoredBeforeTheOthers(t *testing.T) {
	p := newPipeline(t)
	const n = 30
	p.publishBacklog("f", n, 10, "unstorable")
	cfg := testConfig()
	cfg.Workers, cfg.MaxBatch, cfg.MaxDeliver = 1, 8, 2
	recordFirst := HandlerFunc(func(ctx context.Context, m *Message) ([]Output, error) {
		record := Output{Subject: "news.enriched.record", Data: m.Data, First: true}
		if strings.HasPrefix(string(m.Data), "unstorable") {
			record.Subject = "nowhere.record" // no stream: never acknowledged
		}
		return []Output{record, {Subject: "news.parsed.xx", Data: m.Data}}, nil
	})
	p.start(cfg, recordFirst, nil)
	const bad = n / 10
	waitFor(t, 20*time.Second, "outputs and dead letters", func() bool {
		return len(p.streamMsgs(StreamParsed, "")) == n-bad && len(p.streamMsgs(StreamDLQ, "")) == bad
	})
	records := map[string]bool{}
	for _, m := range p.streamMsgs(StreamEnriched, "") {
		records[m.Header.Get(HeaderDispatchID)] = true
	}
	for _, m := range p.streamMsgs(StreamParsed, "") {
		id := m.Header.Get(HeaderDispatchID)
		if strings.HasPrefix(string(m.Data), "unstorable") {
			t.Errorf("%s published although its first output was never stored", id)
		}
		if !records[id] {
			t.Errorf("%s published without its first output", id)
		}
	}
	if len(records) != n-bad {
		t.Errorf("first outputs stored = %d, want %d", len(records), n-bad)
	}
}
