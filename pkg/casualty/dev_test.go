package casualty_test

import (
	"github.com/newswire/newswire/pkg/sharedtest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/pkg/casualty/eval"
)

func loadGold(t testing.TB, name string) []eval.Gold {
	t.Helper()
	f, err := os.Open(filepath.Join(sharedtest.Corpus(t), "dev", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := eval.ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestDevSets scores the dev gold sets; the floors sit just under what the
// extractor reaches, so a regression fails.
func TestDevSets(t *testing.T) {
	floors := []struct {
		file     string
		f1       float64
		maxFPNeg float64
	}{
		{"fr_dev.gold.jsonl", 0.97, 0.03},
		{"en_dev.gold.jsonl", 0.97, 0.03},
		{"multi_dev.gold.jsonl", 0.95, 0.05},
	}
	ex := casualty.New()
	for _, fl := range floors {
		r := eval.Score(loadGold(t, fl.file), ex.Extract)
		var b strings.Builder
		r.WriteTable(&b, os.Getenv("CASUALTY_VERBOSE") != "")
		t.Logf("%s\n%s", fl.file, b.String())
		if f1 := r.Strict.F1(); f1 < fl.f1 {
			t.Errorf("%s: strict F1 %.3f below floor %.3f", fl.file, f1, fl.f1)
		}
		if r.Negatives > 0 {
			if fp := float64(r.FPNeg) / float64(r.Negatives); fp > fl.maxFPNeg {
				t.Errorf("%s: false positives on %.1f%% of negative texts, over %.1f%%", fl.file, 100*fp, 100*fl.maxFPNeg)
			}
		}
	}
}
