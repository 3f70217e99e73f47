package casualty_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/pkg/casualty/eval"
)

// TestHeldOut scores testdata/heldout.gold.jsonl, a set labelled before the
// extractor was run on it (see testdata/README.md). Unlike the dev sets it was
// not read while tuning the grammar, so its floors guard generalisation.
func TestHeldOut(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "heldout.gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golds, err := eval.ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	r := eval.Score(golds, casualty.New().Extract)
	var b strings.Builder
	if err := r.WriteTable(&b, os.Getenv("CASUALTY_VERBOSE") != ""); err != nil {
		t.Fatal(err)
	}
	t.Logf("heldout\n%s", b.String())
	const (
		minP, minR, minF1 = 0.99, 0.98, 0.985
		maxFPNeg          = 0.02
	)
	if p := r.Strict.P(); p < minP {
		t.Errorf("strict precision %.3f below floor %.3f", p, minP)
	}
	if rc := r.Strict.R(); rc < minR {
		t.Errorf("strict recall %.3f below floor %.3f", rc, minR)
	}
	if f1 := r.Strict.F1(); f1 < minF1 {
		t.Errorf("strict F1 %.3f below floor %.3f", f1, minF1)
	}
	if r.Negatives > 0 {
		if fp := float64(r.FPNeg) / float64(r.Negatives); fp > maxFPNeg {
			t.Errorf("false positives on %.1f%% of negative texts, over %.1f%%", 100*fp, 100*maxFPNeg)
		}
	}
}
