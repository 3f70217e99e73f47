package wire

import (
	"github.com/newswire/newswire/pkg/sharedtest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFeedCorpus parses the whole OrangeSum feed (about 8,000 French
// records) as one batch: every record must parse, be identified as French,
// and keep a distinct identity.
func TestFeedCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("whole feed")
	}
	data, err := os.ReadFile(filepath.Join(sharedtest.Corpus(t), "feed", "orangesum_fr.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ds, errs := ParseBatch(data, Options{Source: "orangesum"})
	elapsed := time.Since(start)
	for _, err := range errs[:min(len(errs), 5)] {
		t.Errorf("parse error: %v", err)
	}
	ids := map[string]bool{}
	notFrench := 0
	for _, d := range ds {
		checkInvariants(t, d)
		ids[d.ID] = true
		if d.Language != "fr" {
			notFrench++
			if notFrench <= 3 {
				t.Logf("not fr: %s %q → %s (%.2f)", d.ProviderID, d.Headline, d.Language, d.LanguageConfidence)
			}
		}
	}
	t.Logf("%d records, %d errors, %d not French, %d distinct ids, %v (%.0f records/s, %.1f MB/s)",
		len(ds), len(errs), notFrench, len(ids), elapsed, float64(len(ds))/elapsed.Seconds(), float64(len(data))/elapsed.Seconds()/1e6)
	if len(ids) != len(ds) {
		t.Errorf("%d ids for %d records", len(ids), len(ds))
	}
	if float64(notFrench) > 0.005*float64(len(ds)) {
		t.Errorf("%d of %d records not identified as French", notFrench, len(ds))
	}
}
