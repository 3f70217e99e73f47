package main

import (
	"bytes"
	"context"
	"github.com/newswire/newswire/pkg/sharedtest"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"github.com/segmentio/encoding/json"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/proto"
)

// running is a pipeline started by startUp for one test.
type running struct {
	addrs upAddrs
	spans *tracetest.SpanRecorder
	nc    *nats.Conn
}

func startPipeline(t *testing.T) *running {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	started := make(chan upAddrs, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- startUp(ctx, upConfig{
			DataDir: t.TempDir(), HTTPAddr: "127.0.0.1:0", NATSPort: -1,
			Env:     service.Env{Provision: true, Workers: 2},
			Tracers: func(string) trace.TracerProvider { return tp },
			Started: func(a upAddrs) { started <- a },
		})
	}()
	var addrs upAddrs
	select {
	case addrs = <-started:
	case err := <-done:
		t.Fatalf("pipeline did not start: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("pipeline did not start in 60s")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("pipeline stopped with: %v", err)
		}
	})
	nc, err := nats.Connect(addrs.NATS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	r := &running{addrs: addrs, spans: rec, nc: nc}
	r.waitReady(t)
	return r
}

func (r *running) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + r.addrs.HTTP + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("/readyz never answered 200")
}

func (r *running) post(t *testing.T, contentType string, body []byte) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post("http://"+r.addrs.HTTP+"/v1/dispatches", contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("answer is not JSON: %q", raw)
	}
	return resp.StatusCode, out
}

// collect subscribes to subject and returns a function giving what arrived.
func (r *running) collect(t *testing.T, subject string) func() []*nats.Msg {
	t.Helper()
	var mu sync.Mutex
	var got []*nats.Msg
	sub, err := r.nc.Subscribe(subject, func(m *nats.Msg) {
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	if err := r.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	return func() []*nats.Msg {
		mu.Lock()
		defer mu.Unlock()
		return append([]*nats.Msg(nil), got...)
	}
}

// streamCount is how many messages a stream holds.
func (r *running) streamCount(t *testing.T, stream string) uint64 {
	t.Helper()
	js, err := jetstream.New(r.nc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := js.Stream(context.Background(), stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSeedDispatchFlowsToCasualtyReport(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join(sharedtest.Dir(t), "corpus/seed/afp_assad_moscou.txt"))
	if err != nil {
		t.Fatal(err)
	}
	p := startPipeline(t)
	reports := p.collect(t, "news.casualties.>")
	code, ans := p.post(t, "text/plain", seed)
	if code != http.StatusAccepted {
		t.Fatalf("POST seed = %d %v, want 202", code, ans)
	}
	id, _ := ans["id"].(string)
	if id == "" {
		t.Fatalf("answer lacks the dispatch id: %v", ans)
	}
	waitFor(t, 30*time.Second, "the seed's casualty report", func() bool { return len(reports()) > 0 })
	m := reports()[0]
	var rep proto.CasualtyReport
	if err := proto.Unmarshal(m.Header.Get("Content-Type"), m.Data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.DispatchID != id {
		t.Errorf("report dispatch id = %q, want %q", rep.DispatchID, id)
	}
	if !hasFigure(rep.Figures, "killed", 370, 370) {
		t.Errorf("report lacks killed 370: %s", m.Data)
	}
	if m.Subject != "news.casualties.ru" && m.Subject != "news.casualties.sy" {
		t.Errorf("report subject = %s, want the dispatch's country (ru: dateline Moscou, or sy)", m.Subject)
	}

	// One trace covers the HTTP request and every stage.
	waitFor(t, 5*time.Second, "the casualty stage's send span", func() bool {
		for _, s := range p.spans.Ended() {
			if strings.HasPrefix(s.Name(), "send news.casualties.") {
				return true
			}
		}
		return false
	})
	traceOf := map[string]string{}
	for _, s := range p.spans.Ended() {
		traceOf[s.Name()] = s.SpanContext().TraceID().String()
	}
	root := traceOf["POST /v1/dispatches"]
	if root == "" {
		t.Fatalf("no ingest span; spans: %v", keys(traceOf))
	}
	for _, name := range []string{"send news.raw.", "process news.raw.", "send news.parsed.fr", "process news.parsed.fr", "send news.enriched.fr", "process news.enriched.fr", "send news.casualties."} {
		found := false
		for n, tid := range traceOf {
			if strings.HasPrefix(n, name) {
				found = true
				if tid != root {
					t.Errorf("span %q is in trace %s, want the ingest request's %s", n, tid, root)
				}
			}
		}
		if !found {
			t.Errorf("no span %q; spans: %v", name, keys(traceOf))
		}
	}

	// Re-posting the same bytes is recognised: same id, no second report.
	code, again := p.post(t, "text/plain", seed)
	if code != http.StatusAccepted || again["id"] != id || again["duplicate"] != true {
		t.Errorf("re-post = %d %v, want 202 with the same id and duplicate=true", code, again)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(reports()); n != 1 {
		t.Errorf("reports after re-post = %d, want 1", n)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func hasFigure(figs []proto.Figure, kind string, low, high int64) bool {
	for _, f := range figs {
		if f.Kind == kind && f.Low != nil && *f.Low == low && f.High != nil && *f.High == high {
			return true
		}
	}
	return false
}

func TestUnparseableInputIsRejectedAndDeadLettered(t *testing.T) {
	p := startPipeline(t)
	dlq := p.collect(t, "news.dlq.ingest")
	junk := []byte("<?xml version=\"1.0\"?><nitf><body>truncated")
	code, ans := p.post(t, "application/xml", junk)
	if code != http.StatusBadRequest || ans["reason"] == "" || ans["dead_lettered"] != true {
		t.Fatalf("POST junk = %d %v, want 400 with a reason, dead-lettered", code, ans)
	}
	waitFor(t, 10*time.Second, "the dead letter", func() bool { return len(dlq()) == 1 })
	dl := stage.ReadDeadLetter(dlq()[0])
	if !bytes.Equal(dl.Data, junk) || dl.Error == "" || dl.Stage != "ingest" {
		t.Errorf("dead letter = %+v, want the exact bytes and a reason", dl)
	}
}

func TestStagesAreDiscoverable(t *testing.T) {
	p := startPipeline(t)
	inbox := nats.NewInbox()
	sub, err := p.nc.SubscribeSync(inbox)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.nc.PublishRequest("$SRV.STATS", inbox, nil); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for {
		m, err := sub.NextMsg(500 * time.Millisecond)
		if err != nil {
			break
		}
		var st micro.Stats
		if err := json.Unmarshal(m.Data, &st); err != nil {
			t.Fatal(err)
		}
		names[st.Name] = true
		if len(st.Endpoints) == 0 || st.Endpoints[0].Data == nil {
			t.Errorf("%s: stats carry no data", st.Name)
		}
	}
	for _, want := range []string{"ingest", "parser", "enricher", "casualties"} {
		if !names[want] {
			t.Errorf("service %s not discoverable; found %v", want, names)
		}
	}
	resp, err := http.Get("http://" + p.addrs.HTTP + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`newswire_messages_processed_total{stage="parser"}`, `newswire_handle_seconds_bucket{stage="casualties"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
