package main

import (
	"bytes"
	"context"
	"github.com/newswire/newswire/pkg/sharedtest"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/wire"
)

func TestCountOutputs(t *testing.T) {
	tests := []struct {
		name string
		sent []string
		got  []string
		want tally
	}{
		{"all once", []string{"a", "b", "c"}, []string{"c", "a", "b"},
			tally{Sent: 3, Messages: 3, Received: 3}},
		{"nothing came", []string{"a", "b"}, nil,
			tally{Sent: 2, Received: 0, Lost: 2, Missing: []string{"a", "b"}}},
		{"one lost one doubled", []string{"a", "b", "c"}, []string{"a", "a", "c"},
			tally{Sent: 3, Messages: 3, Received: 2, Lost: 1, Duplicated: 1, Missing: []string{"b"}}},
		{"tripled", []string{"a"}, []string{"a", "a", "a"},
			tally{Sent: 1, Messages: 3, Received: 1, Duplicated: 2}},
		{"unknown and empty ids", []string{"a"}, []string{"a", "zz", ""},
			tally{Sent: 1, Messages: 3, Received: 1, Unexpected: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := countOutputs(tt.sent, tt.got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("countOutputs = %+v, want %+v", got, tt.want)
			}
			wantOK := tt.want.Lost == 0 && tt.want.Duplicated == 0 && tt.want.Unexpected == 0
			if got.ok() != wantOK {
				t.Errorf("ok() = %v, want %v", got.ok(), wantOK)
			}
		})
	}
}

func TestTallyLine(t *testing.T) {
	got := tally{Sent: 2000, Received: 1999, Lost: 1, Duplicated: 3}.line("stage-kill")
	if want := "fault stage-kill: sent=2000 received=1999 lost=1 duplicated=3"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
}

func TestLoadFeed(t *testing.T) {
	const (
		a   = `{"id": "feed_1", "lang": "fr", "title": "Un titre", "body": "Un corps de dépêche."}`
		b   = `{"id": "feed_2", "lang": "fr", "title": "Autre titre", "body": "Autre corps."}`
		bad = `{"id": "feed_3", "lang": "fr"}`
	)
	feed := strings.Join([]string{a, "", bad, a, b, "not json at all"}, "\n")
	tests := []struct {
		name        string
		n           int
		wantRecords []string
		wantSkipped int
		wantErr     bool
	}{
		{"first one", 1, []string{a}, 0, false},
		{"skips rejects and repeats", 2, []string{a, b}, 2, false},
		{"too few usable", 3, []string{a, b}, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, skipped, err := loadFeed(strings.NewReader(feed), tt.n)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if skipped != tt.wantSkipped {
				t.Errorf("skipped = %d, want %d", skipped, tt.wantSkipped)
			}
			if len(ds) != len(tt.wantRecords) {
				t.Fatalf("got %d records, want %d", len(ds), len(tt.wantRecords))
			}
			for i, d := range ds {
				if string(d.Data) != tt.wantRecords[i] {
					t.Errorf("record %d = %s, want %s", i, d.Data, tt.wantRecords[i])
				}
				// The id must be the one the parser stage computes.
				p, err := wire.Parse([]byte(tt.wantRecords[i]), wire.Options{ContentType: contentType, Source: source})
				if err != nil {
					t.Fatal(err)
				}
				if d.ID != p.ID {
					t.Errorf("record %d id = %q, want %q", i, d.ID, p.ID)
				}
			}
		})
	}
}

func TestLoadFeedBoundsLines(t *testing.T) {
	huge := `{"id": "x", "body": "` + strings.Repeat("a", maxRecord) + `"}`
	if _, _, err := loadFeed(strings.NewReader(huge), 1); err == nil {
		t.Fatal("a line above maxRecord was accepted")
	}
}

func TestParseFlags(t *testing.T) {
	bin := t.TempDir()
	feed := filepath.Join(bin, "feed.jsonl")
	tests := []struct {
		name    string
		args    []string
		env     string
		wantErr string
		check   func(t *testing.T, c config)
	}{
		{name: "defaults", args: []string{"--bin", bin, "--feed", feed}, check: func(t *testing.T, c config) {
			t.Helper()
			if c.dispatches != 2000 || len(c.scenarios) != len(scenarios) || c.ackWait != 10*time.Second {
				t.Errorf("defaults = %+v", c)
			}
		}},
		{name: "env sets the default count", args: []string{"--bin", bin, "--feed", feed}, env: "300", check: func(t *testing.T, c config) {
			t.Helper()
			if c.dispatches != 300 {
				t.Errorf("dispatches = %d, want 300", c.dispatches)
			}
		}},
		{name: "flag beats env", args: []string{"--bin", bin, "--feed", feed, "--dispatches", "50"}, env: "300", check: func(t *testing.T, c config) {
			t.Helper()
			if c.dispatches != 50 {
				t.Errorf("dispatches = %d, want 50", c.dispatches)
			}
		}},
		{name: "chosen scenarios", args: []string{"--bin", bin, "--feed", feed, "--scenarios", "stage-outage, stage-kill"}, check: func(t *testing.T, c config) {
			t.Helper()
			if !reflect.DeepEqual(c.scenarios, []string{"stage-outage", "stage-kill"}) {
				t.Errorf("scenarios = %v", c.scenarios)
			}
		}},
		{name: "bin required", args: []string{"--feed", feed}, wantErr: "--bin"},
		{name: "unknown scenario", args: []string{"--bin", bin, "--feed", feed, "--scenarios", "meteor"}, wantErr: "unknown scenario"},
		{name: "count bounded", args: []string{"--bin", bin, "--feed", feed, "--dispatches", "1000000000"}, wantErr: "--dispatches"},
		{name: "bad env", args: []string{"--bin", bin, "--feed", feed}, env: "many", wantErr: "FAULTS_DISPATCHES"},
		{name: "stray argument", args: []string{"--bin", bin, "--feed", feed, "extra"}, wantErr: "unexpected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("FAULTS_DISPATCHES", tt.env)
			c, err := parseFlags(tt.args, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

// buildBinaries builds the CLI and the three stage services into a temp dir.
func buildBinaries(t *testing.T, root string) string {
	t.Helper()
	bin := t.TempDir()
	for _, s := range []string{"newswire", "parser", "enricher", "casualties"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, s), "./services/"+s)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", s, err, out)
		}
	}
	return bin
}

// TestStageKillShort runs the harness's short kill -9 scenario end to end
// with real processes. CI runs every scenario through scripts/test-faults.sh.
func TestStageKillShort(t *testing.T) {
	if testing.Short() {
		t.Skip("starts NATS and three stage processes; run without -short or scripts/test-faults.sh --short")
	}
	root := sharedtest.Root(t)
	feed := filepath.Join(root, "..", "shared", "corpus", "feed", "orangesum_fr.jsonl")
	if _, err := os.Stat(filepath.Dir(feed)); os.IsNotExist(err) {
		t.Skip("no shared corpus beside the workspace")
	}
	bin := buildBinaries(t, root)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	err := run(ctx, []string{"--bin", bin, "--feed", feed, "--work", t.TempDir(), "--scenarios", "stage-kill",
		"--dispatches", "300", "--publish-for", "5s", "--timeout", "90s"}, &out, &errOut)
	t.Log(errOut.String())
	if err != nil {
		t.Fatalf("harness: %v\n%s", err, out.String())
	}
	if want := "fault stage-kill: sent=300 received=300 lost=0 duplicated=0\n"; out.String() != want {
		t.Errorf("output = %q, want %q", out.String(), want)
	}
}
