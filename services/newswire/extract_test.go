package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/segmentio/encoding/json"
)

func TestRunExtract(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","lang":"fr","text":"Les raids ont tué en trois semaines 370 personnes, dont 243 combattants."}`,
		`{"id":"b","text":"No one was hurt."}`,
		``,
		`{"id":"c","lang":"en","text":"Police arrested 30 farmers."}`,
	}, "\n")
	var out, errOut bytes.Buffer
	if err := runExtract(context.Background(), nil, strings.NewReader(in), &out, &errOut); err != nil {
		t.Fatalf("runExtract: %v (%s)", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d output lines, want 3:\n%s", len(lines), out.String())
	}
	type fig struct {
		Kind   string `json:"kind"`
		Low    *int64 `json:"low"`
		High   *int64 `json:"high"`
		Span   string `json:"span"`
		PartOf *int64 `json:"part_of"`
	}
	var recs []struct {
		ID      string `json:"id"`
		Figures []fig  `json:"figures"`
	}
	for _, l := range lines {
		var r struct {
			ID      string `json:"id"`
			Figures []fig  `json:"figures"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("bad output line %q: %v", l, err)
		}
		recs = append(recs, r)
	}
	if recs[0].ID != "a" || len(recs[0].Figures) != 2 || recs[0].Figures[1].PartOf == nil || *recs[0].Figures[1].PartOf != 0 {
		t.Errorf("record a: %+v", recs[0])
	}
	if recs[1].ID != "b" || recs[1].Figures == nil || len(recs[1].Figures) != 0 {
		t.Errorf("record b should have an empty, non-null figure list: %s", lines[1])
	}
	if !strings.Contains(lines[1], `"figures":[]`) {
		t.Errorf("record b: figures must be [] not null: %s", lines[1])
	}
	if recs[2].ID != "c" || len(recs[2].Figures) != 1 || recs[2].Figures[0].Kind != "arrested" || *recs[2].Figures[0].Low != 30 {
		t.Errorf("record c: %+v", recs[2])
	}
}

func TestRunExtractBadLine(t *testing.T) {
	in := "{not json}\n" + `{"id":"ok","text":"3 killed"}` + "\n"
	var out, errOut bytes.Buffer
	err := runExtract(context.Background(), nil, strings.NewReader(in), &out, &errOut)
	if err == nil {
		t.Fatal("want an error for the bad line")
	}
	if !strings.Contains(errOut.String(), "line 1") {
		t.Errorf("error output should name line 1: %q", errOut.String())
	}
	if !strings.Contains(out.String(), `"id":"ok"`) {
		t.Errorf("good lines must still be written: %q", out.String())
	}
}
