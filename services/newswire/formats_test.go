package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/proto"
)

// wireTestdata holds the real provider samples and the parser's golden outputs.
const wireTestdata = "../../pkg/wire/testdata"

// TestEveryFormatFlowsToParsed posts each real provider file without naming
// its format and checks the dispatch published on news.parsed.<lang> against
// the wire package's golden file.
func TestEveryFormatFlowsToParsed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(wireTestdata, "formats", "*"))
	if err != nil {
		t.Fatal(err)
	}
	p := startPipeline(t)
	parsed := p.collect(t, "news.parsed.>")
	reports := p.collect(t, "news.casualties.>")
	want := map[string]proto.ParsedDispatch{}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".jsonl") {
			continue
		}
		golden, err := os.ReadFile(filepath.Join(wireTestdata, "golden", name+".json"))
		if err != nil {
			t.Fatalf("no golden file for %s: %v", name, err)
		}
		var g proto.ParsedDispatch
		if err := json.Unmarshal(golden, &g); err != nil {
			t.Fatal(err)
		}
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code, ans := p.post(t, "", body)
		if code != http.StatusAccepted {
			t.Errorf("%s: POST = %d %v, want 202", name, code, ans)
			continue
		}
		if ans["id"] != g.ID {
			t.Errorf("%s: dispatch id %v, golden %s", name, ans["id"], g.ID)
		}
		want[g.ID] = g
	}
	waitFor(t, 30*time.Second, "every parsed dispatch", func() bool { return len(parsed()) >= len(want) })
	for _, m := range parsed() {
		var d proto.ParsedDispatch
		if err := proto.Unmarshal(m.Header.Get("Content-Type"), m.Data, &d); err != nil {
			t.Fatal(err)
		}
		g, ok := want[d.ID]
		if !ok {
			t.Errorf("unexpected dispatch %s on %s", d.ID, m.Subject)
			continue
		}
		if m.Subject != "news.parsed."+g.Language {
			t.Errorf("%s published on %s, want news.parsed.%s", d.ID, m.Subject, g.Language)
		}
		if d.Headline != g.Headline || d.Language != g.Language || d.BodyText != g.BodyText || d.SourceFormat != g.SourceFormat {
			t.Errorf("%s: headline %q lang %s format %s body %d bytes; golden %q %s %s %d bytes",
				d.ID, d.Headline, d.Language, d.SourceFormat, len(d.BodyText), g.Headline, g.Language, g.SourceFormat, len(g.BodyText))
		}
		if (d.Dateline == nil) != (g.Dateline == nil) || d.Dateline != nil && *d.Dateline != *g.Dateline {
			t.Errorf("%s: dateline %+v, golden %+v", d.ID, d.Dateline, g.Dateline)
		}
	}
	// Every dispatch gets its casualty report, figures or not, so consumers
	// can tell "none" from "not processed".
	waitFor(t, 30*time.Second, "a report per dispatch", func() bool { return len(reports()) >= len(want) })
	for _, m := range reports() {
		var raw map[string]any
		if err := json.Unmarshal(m.Data, &raw); err != nil {
			t.Fatal(err)
		}
		if _, ok := raw["figures"].([]any); !ok {
			t.Errorf("report %v has no figures list: %s", raw["dispatch_id"], m.Data)
		}
		if _, ok := want[raw["dispatch_id"].(string)]; !ok {
			t.Errorf("report for unknown dispatch %v", raw["dispatch_id"])
		}
	}
}

// TestCorrectionLinksToOriginal posts a NewsML-G2 item, then its correction,
// and checks the correction names the version it replaces.
func TestCorrectionLinksToOriginal(t *testing.T) {
	v4, err := os.ReadFile(filepath.Join(wireTestdata, "formats", "stt_newsmlg2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	original := replaceOnce(t, v4, `version="4"`, `version="3"`)
	original = replaceOnce(t, original, `<link guidref="urn:newsml:stt.fi:20171219:101801633" version="3"/>`, "")
	original = replaceOnce(t, original, `<signal qcode="sig:update"/>`, "")
	correction := replaceOnce(t, v4, `<signal qcode="sig:update"/>`, `<signal qcode="sig:correction"/>`)

	p := startPipeline(t)
	parsed := p.collect(t, "news.parsed.>")
	_, first := p.post(t, "application/xml", original)
	_, second := p.post(t, "application/xml", correction)
	if first["id"] == nil || first["id"] == second["id"] {
		t.Fatalf("original %v and correction %v must have distinct ids", first, second)
	}
	waitFor(t, 20*time.Second, "both versions parsed", func() bool { return len(parsed()) == 2 })
	for _, m := range parsed() {
		var d proto.ParsedDispatch
		if err := proto.Unmarshal(m.Header.Get("Content-Type"), m.Data, &d); err != nil {
			t.Fatal(err)
		}
		if d.ID != second["id"] {
			continue
		}
		if d.Revision == nil || d.Revision.Kind != proto.RevisionCorrection || d.Revision.Replaces != first["id"] {
			t.Errorf("correction's revision = %+v, want correction replacing %v", d.Revision, first["id"])
		}
	}
}

// TestKillIsARetraction posts a NewsML-G2 item, then its withdrawal: the
// withdrawal's casualty report is a retraction in the same story.
func TestKillIsARetraction(t *testing.T) {
	v4, err := os.ReadFile(filepath.Join(wireTestdata, "formats", "stt_newsmlg2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// Version 3 is the story; version 4 withdraws it.
	v3 := replaceOnce(t, v4, `version="4"`, `version="3"`)
	v3 = replaceOnce(t, v3, `<link guidref="urn:newsml:stt.fi:20171219:101801633" version="3"/>`, "")
	v3 = replaceOnce(t, v3, `<signal qcode="sig:update"/>`, "")
	kill := replaceOnce(t, v4, `<pubStatus qcode="stat:usable"/>`, `<pubStatus qcode="stat:canceled"/>`)
	p := startPipeline(t)
	reports := p.collect(t, "news.casualties.>")
	_, first := p.post(t, "application/xml", v3)
	_, second := p.post(t, "application/xml", kill)
	waitFor(t, 20*time.Second, "both reports", func() bool { return len(reports()) == 2 })
	byID := map[string]proto.CasualtyReport{}
	for _, m := range reports() {
		var r proto.CasualtyReport
		decodeReport(t, m.Data, &r)
		byID[r.DispatchID] = r
	}
	orig, withdrawn := byID[first["id"].(string)], byID[second["id"].(string)]
	if orig.Retraction || !withdrawn.Retraction {
		t.Errorf("retraction flags: original %v, kill %v; want false, true", orig.Retraction, withdrawn.Retraction)
	}
	if withdrawn.StoryID == "" || withdrawn.StoryID != orig.StoryID {
		t.Errorf("kill in story %q, original in %q: want the same", withdrawn.StoryID, orig.StoryID)
	}
}

// replaceOnce edits a sample the way a provider's next version would.
func replaceOnce(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("sample lacks %q", old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}
