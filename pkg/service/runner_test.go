package service

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/natstest"
)

func TestReadyzFollowsNATS(t *testing.T) {
	ns := natstest.Server(t)
	nc := natstest.Connect(t, ns)
	r, err := NewRunner(context.Background(), nc, Env{Provision: true}, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.AddService("probe", "test service", func() any { return nil }, func() bool { return true }); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Mux())
	defer srv.Close()
	status := func() int {
		resp, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(); got != http.StatusOK {
		t.Fatalf("/readyz = %d with NATS up, want 200", got)
	}
	ns.Shutdown()
	deadline := time.Now().Add(5 * time.Second)
	for status() != http.StatusServiceUnavailable {
		if time.Now().After(deadline) {
			t.Fatal("/readyz still 200 with NATS down")
		}
		time.Sleep(20 * time.Millisecond)
	}
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz must stay 200 (the process is alive): %v %v", resp, err)
	}
}
