package main

import (
	"bufio"
	"github.com/newswire/newswire/pkg/sharedtest"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/proto"
)

const (
	quakeFirst = `MEXICO, 19 sept 2017 (AFP) - Un puissant séisme de magnitude 7,1 a frappé mardi la région de Puebla, dans le centre du Mexique, ` +
		`faisant au moins 40 morts selon un premier bilan de la protection civile. Des immeubles se sont effondrés ` +
		`dans la capitale, où les secouristes fouillaient les décombres à la recherche de survivants. ` +
		`Le président a appelé la population au calme et annoncé le déploiement de l'armée dans les zones sinistrées.`
	quakeLead = `MEXICO, 19 sept 2017 (AFP) - Un puissant séisme de magnitude 7,1 a frappé mardi la région de Puebla, dans le centre du Mexique, ` +
		`et le bilan s'est alourdi à 52 morts selon la protection civile. Des immeubles se sont effondrés ` +
		`dans la capitale, où les secouristes fouillaient les décombres à la recherche de survivants. ` +
		`Le président a appelé la population au calme et annoncé le déploiement de l'armée dans les zones sinistrées.`
)

// TestRevisedTollSupersedes posts a dispatch and a later lead of the same
// story with a heavier toll: the second report names the figure it revises.
func TestRevisedTollSupersedes(t *testing.T) {
	p := startPipeline(t)
	reports := p.collect(t, "news.casualties.>")
	if code, ans := p.post(t, "text/plain", []byte(quakeFirst)); code != http.StatusAccepted {
		t.Fatalf("first = %d %v", code, ans)
	}
	waitFor(t, 20*time.Second, "the first report", func() bool { return len(reports()) == 1 })
	_, second := p.post(t, "text/plain", []byte(quakeLead))
	waitFor(t, 20*time.Second, "the second report", func() bool { return len(reports()) == 2 })
	var first, lead proto.CasualtyReport
	decodeReport(t, reports()[0].Data, &first)
	decodeReport(t, reports()[1].Data, &lead)
	if lead.DispatchID != second["id"] || lead.StoryID == "" || lead.StoryID != first.StoryID {
		t.Fatalf("lead %s in story %q, first in %q: want the same story", lead.DispatchID, lead.StoryID, first.StoryID)
	}
	if !hasFigure(lead.Figures, "killed", 52, 52) {
		t.Fatalf("lead lacks killed 52: %+v", lead.Figures)
	}
	found := false
	for _, s := range lead.Supersedes {
		if s.DispatchID == first.DispatchID && s.Kind == "killed" && s.Low != nil && *s.Low == 40 && s.NewLow != nil && *s.NewLow == 52 {
			found = true
		}
	}
	if !found {
		t.Errorf("lead's supersedes = %+v, want killed ≥40 from %s revised to 52", lead.Supersedes, first.DispatchID)
	}
}

func decodeReport(t *testing.T, data []byte, r *proto.CasualtyReport) {
	t.Helper()
	if err := json.Unmarshal(data, r); err != nil {
		t.Fatal(err)
	}
}

// TestDuplicateGroupSharesAStory replays a group of dispatches the OrangeSum
// authors found to be duplicates among unrelated ones from the same feed.
func TestDuplicateGroupSharesAStory(t *testing.T) {
	feed := filepath.Join(sharedtest.Dir(t), "corpus/feed/orangesum_fr.jsonl")
	group := map[string]bool{"orangesum_10086": true, "orangesum_10596": true, "orangesum_10916": true}
	others := 0
	var batch []string
	f, err := os.Open(feed)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var rec struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		if group[rec.ID] || others < 30 {
			if !group[rec.ID] {
				others++
			}
			batch = append(batch, sc.Text())
		}
	}
	if len(batch) != 33 {
		t.Fatalf("picked %d dispatches, want 3 duplicates + 30 others", len(batch))
	}
	p := startPipeline(t)
	enriched := p.collect(t, "news.enriched.>")
	code, ans := p.post(t, "application/x-ndjson", []byte(strings.Join(batch, "\n")))
	if code != http.StatusAccepted || ans["accepted"] != float64(33) {
		t.Fatalf("batch = %d %v", code, ans)
	}
	waitFor(t, 30*time.Second, "33 enriched dispatches", func() bool { return len(enriched()) >= 33 })
	stories := map[string]string{} // provider id → story
	for _, m := range enriched() {
		var e proto.EnrichedDispatch
		if err := proto.Unmarshal(m.Header.Get("Content-Type"), m.Data, &e); err != nil || e.Dispatch == nil {
			t.Fatalf("bad enriched message: %v", err)
		}
		stories[e.Dispatch.ProviderID] = e.StoryID
	}
	groupStory := ""
	for id := range group {
		s, ok := stories[id]
		if !ok {
			t.Fatalf("no enriched dispatch for %s (provider ids: %v)", id, stories)
		}
		if groupStory == "" {
			groupStory = s
		}
		if s != groupStory {
			t.Errorf("%s in story %s, want the group's %s", id, s, groupStory)
		}
	}
	for id, s := range stories {
		if !group[id] && s == groupStory {
			t.Errorf("unrelated dispatch %s joined the group's story", id)
		}
	}
}
