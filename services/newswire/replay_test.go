package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReplayOverHTTPAndNATS(t *testing.T) {
	p := startPipeline(t)
	parsed := p.collect(t, "news.parsed.>")
	dir := t.TempDir()
	feed := strings.Join([]string{
		`{"id":"r1","lang":"fr","title":"Séisme en Turquie","lede":"Au moins 12 morts.","body":"Les secours cherchent des survivants."}`,
		`{"id":"r2","lang":"fr","title":"Inondations","lede":"Deux disparus.","body":"La pluie continue."}`,
	}, "\n")
	if err := os.WriteFile(filepath.Join(dir, "feed.jsonl"), []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dispatch.txt"), []byte("PARIS, 3 mars 2024 (AFP) - Trois blessés dans un accident."), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := runReplay(context.Background(), []string{"--url", "http://" + p.addrs.HTTP, "--quiet", dir}, nil, &out, &errOut)
	if err != nil {
		t.Fatalf("replay over HTTP: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "replayed 3 dispatches") || !strings.Contains(out.String(), "accepted=3") {
		t.Errorf("summary = %q", out.String())
	}
	waitFor(t, 20*time.Second, "3 parsed dispatches", func() bool { return len(parsed()) == 3 })

	// The same files straight onto NATS are the same dispatches: deduplicated downstream.
	t.Setenv("NATS_URL", p.addrs.NATS)
	out.Reset()
	if err := runReplay(context.Background(), []string{"--nats", "--quiet", dir}, nil, &out, &errOut); err != nil {
		t.Fatalf("replay over NATS: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "replayed 3 dispatches") {
		t.Errorf("summary = %q", out.String())
	}
	// Core subscribers see every publish; the stream, which consumers read,
	// keeps one copy per Nats-Msg-Id.
	time.Sleep(time.Second)
	if n := p.streamCount(t, "NEWS_PARSED"); n != 3 {
		t.Errorf("NEWS_PARSED holds %d dispatches after re-sending over NATS, want still 3", n)
	}
}
