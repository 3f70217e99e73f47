package wire

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sharedCorpus returns ../shared/corpus next to the go.work directory, or skips.
func sharedCorpus(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			corpus := filepath.Join(dir, "..", "shared", "corpus")
			if _, err := os.Stat(corpus); err != nil {
				t.Skip("shared corpus is absent")
			}
			return corpus
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.work above the package")
		}
		dir = parent
	}
}

// TestFeedCorpus parses the whole OrangeSum feed (about 8,000 French
// records) as one batch: every record must parse, be identified as French,
// and keep a distinct identity.
func TestFeedCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("whole feed")
	}
	data, err := os.ReadFile(filepath.Join(sharedCorpus(t), "feed", "orangesum_fr.jsonl"))
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
