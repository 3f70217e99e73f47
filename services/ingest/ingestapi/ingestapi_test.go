package ingestapi

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/natstest"
	"github.com/newswire/newswire/pkg/stage"
)

type edge struct {
	srv *httptest.Server
	nc  *nats.Conn
	js  jetstream.JetStream
}

func newEdge(t *testing.T, opts Options) *edge {
	t.Helper()
	ns := natstest.Server(t)
	nc := natstest.Connect(t, ns)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if err := stage.ProvisionStreams(context.Background(), js, stage.ProvisionOptions{}); err != nil {
		t.Fatal(err)
	}
	api, err := New(nc, opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &edge{srv: srv, nc: nc, js: js}
}

func (e *edge) post(t *testing.T, query, contentType, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/v1/dispatches"+query, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("answer %d is not JSON: %q", resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

func (e *edge) streamMsgs(t *testing.T, stream string) uint64 {
	t.Helper()
	st, err := e.js.Stream(context.Background(), stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

const dispatch = "PARIS, 3 mars 2024 (AFP) - Deux policiers ont été blessés dimanche à Marseille."

func TestBearerTokens(t *testing.T) {
	e := newEdge(t, Options{Tokens: []string{"s3cret"}})
	tests := []struct {
		name, token string
		want        int
	}{
		{"missing", "", http.StatusUnauthorized},
		{"wrong", "guess", http.StatusUnauthorized},
		{"right", "s3cret", http.StatusAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, ans := e.post(t, "", "text/plain", tt.token, dispatch)
			if code != tt.want {
				t.Errorf("status = %d %v, want %d", code, ans, tt.want)
			}
			if code != http.StatusAccepted && ans["reason"] == "" {
				t.Errorf("error answer lacks a reason: %v", ans)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEdge(t, Options{MaxBytes: 1024})
	code, ans := e.post(t, "", "text/plain", "", strings.Repeat("a", 2048))
	if code != http.StatusRequestEntityTooLarge || ans["error"] != "too_large" {
		t.Errorf("oversized body = %d %v, want 413 too_large", code, ans)
	}
}

func TestIdempotentRepost(t *testing.T) {
	e := newEdge(t, Options{})
	code1, a1 := e.post(t, "?source=afp", "text/plain", "", dispatch)
	code2, a2 := e.post(t, "?source=afp", "text/plain", "", dispatch)
	if code1 != http.StatusAccepted || code2 != http.StatusAccepted {
		t.Fatalf("posts = %d, %d", code1, code2)
	}
	if a1["id"] != a2["id"] || a1["duplicate"] != false || a2["duplicate"] != true {
		t.Errorf("first %v, second %v: want the same id, the second a duplicate", a1, a2)
	}
	if a1["subject"] != "news.raw.afp" {
		t.Errorf("subject = %v, want news.raw.afp", a1["subject"])
	}
	if n := e.streamMsgs(t, stage.StreamRaw); n != 1 {
		t.Errorf("NEWS_RAW holds %d messages, want 1", n)
	}
}

func TestNDJSONBatch(t *testing.T) {
	e := newEdge(t, Options{})
	batch := strings.Join([]string{
		`{"id":"a1","lang":"fr","title":"Séisme","body":"Trois morts dans un séisme."}`,
		`{"id":"a2","lang":"en","title":"Flood","body":"Two people died in floods."}`,
		`{"this is not json`,
	}, "\n")
	code, ans := e.post(t, "", "application/x-ndjson", "", batch)
	if code != http.StatusAccepted || ans["accepted"] != float64(2) || ans["rejected"] != float64(1) {
		t.Fatalf("batch = %d %v, want 202 with 2 accepted and 1 rejected", code, ans)
	}
	if n := e.streamMsgs(t, stage.StreamRaw); n != 2 {
		t.Errorf("NEWS_RAW holds %d, want 2", n)
	}
	if n := e.streamMsgs(t, stage.StreamDLQ); n != 1 {
		t.Errorf("NEWS_DLQ holds %d, want the rejected line", n)
	}
}

func TestUnparseableGoesToDLQ(t *testing.T) {
	e := newEdge(t, Options{})
	code, ans := e.post(t, "?format=nitf", "", "", "<nitf><body>")
	if code != http.StatusBadRequest || ans["dead_lettered"] != true || ans["reason"] == "" {
		t.Fatalf("junk = %d %v, want 400, a reason, dead-lettered", code, ans)
	}
	deadline := time.Now().Add(5 * time.Second)
	for e.streamMsgs(t, stage.StreamDLQ) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("no dead letter")
		}
		time.Sleep(10 * time.Millisecond)
	}
	code, ans = e.post(t, "", "text/plain", "", "   ")
	if code != http.StatusBadRequest || ans["error"] != "empty_body" {
		t.Errorf("empty body = %d %v, want 400 empty_body", code, ans)
	}
}
