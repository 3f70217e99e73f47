package langid

import (
	"bufio"
	"encoding/json"
	"github.com/newswire/newswire/pkg/sharedtest"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

type goldLine struct {
	ID   string `json:"id"`
	Lang string `json:"lang"`
	Text string `json:"text"`
}

func loadGold(t *testing.T) []goldLine {
	t.Helper()
	gold := loadGoldOrNil(t)
	if gold == nil {
		t.Skip("corpus/dev is absent")
	}
	return gold
}

// loadGoldOrNil reads corpus/dev/*.gold.jsonl, or returns nil if it is absent.
func loadGoldOrNil(t *testing.T) []goldLine {
	t.Helper()
	root := sharedtest.Dir(t)
	files, _ := filepath.Glob(filepath.Join(root, "corpus", "dev", "*.gold.jsonl"))
	if root == "" || len(files) == 0 {
		return nil
	}
	var out []goldLine
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var g goldLine
			if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, g)
		}
		fh.Close()
	}
	return out
}

// TestAccuracyDev measures Detect on the development gold sets (single
// sentences, the hardest case for trigram models) and fails if accuracy drops
// below the level measured when the detector was chosen.
func TestAccuracyDev(t *testing.T) {
	gold := loadGold(t)
	type tally struct{ ok, n int }
	per := map[string]*tally{}
	ok := 0
	for _, g := range gold {
		got, conf := Detect(g.Text)
		tl := per[g.Lang]
		if tl == nil {
			tl = &tally{}
			per[g.Lang] = tl
		}
		tl.n++
		if got == g.Lang {
			tl.ok++
			ok++
		} else if testing.Verbose() {
			t.Logf("miss %s: want %s got %s (%.2f) %q", g.ID, g.Lang, got, conf, g.Text)
		}
	}
	langs := make([]string, 0, len(per))
	for l := range per {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		t.Logf("%s: %d/%d = %.3f", l, per[l].ok, per[l].n, float64(per[l].ok)/float64(per[l].n))
	}
	acc := float64(ok) / float64(len(gold))
	t.Logf("overall: %d/%d = %.3f", ok, len(gold), acc)
	if acc < minDevAccuracy {
		t.Errorf("accuracy %.3f below %.3f", acc, minDevAccuracy)
	}
}

const minDevAccuracy = 0.97

// TestResolveDev measures the two ways Resolve can go wrong on the dev
// texts: overriding a correct declared tag, and keeping a wrong one (a feed
// labelling everything with its default language).
func TestResolveDev(t *testing.T) {
	gold := loadGold(t)
	overridden, kept, wrongTotal := 0, 0, 0
	for _, g := range gold {
		if got, _ := Resolve(g.Lang, g.Text); got != g.Lang {
			overridden++
			if testing.Verbose() {
				t.Logf("correct tag %s overridden by %s: %q", g.Lang, got, g.Text)
			}
		}
		wrong := "it" // a language absent from the dev set
		if got, _ := Resolve(wrong, g.Text); got == wrong {
			kept++
		}
		wrongTotal++
	}
	t.Logf("correct declared tag overridden: %d/%d; wrong declared tag kept: %d/%d", overridden, len(gold), kept, wrongTotal)
	if float64(overridden) > 0.01*float64(len(gold)) {
		t.Errorf("%d correct tags overridden", overridden)
	}
	// Single sentences are short: some wrong tags must survive, but few.
	if float64(kept) > 0.1*float64(wrongTotal) {
		t.Errorf("%d wrong tags kept", kept)
	}
}

// TestFunctionWordsAgreeWithDetection checks the shortcut Resolve takes
// when function words confirm the declared language: on the dev texts and
// the feed's dispatches, under their own tag and every other one, it gives
// exactly what the trigram model would have.
func TestFunctionWordsAgreeWithDetection(t *testing.T) {
	texts := []goldLine{}
	for _, g := range loadGold(t) {
		texts = append(texts, g)
	}
	if fh, err := os.Open(filepath.Join(sharedtest.Dir(t), "corpus", "feed", "orangesum_fr.jsonl")); err == nil {
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() && len(texts) < 3000 {
			var r struct{ Lang, Title, Lede, Body string }
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				texts = append(texts, goldLine{Lang: r.Lang, Text: r.Title + "\n" + r.Lede + "\n" + r.Body})
			}
		}
		fh.Close()
	}
	shortcuts := 0
	for _, g := range texts {
		for _, declared := range append([]string{g.Lang}, stopwordLangs...) {
			tag := Normalize(declared)
			if !functionWordsConfirm(tag, prefix(g.Text, maxBytes), new(functionWords)) {
				continue
			}
			shortcuts++
			if lang, conf := resolveDetected(tag, prefix(g.Text, maxBytes), new(functionWords)); lang != tag || conf != 1 {
				t.Errorf("declared %s, confirmed by function words, but the model says %s (%.2f): %.80q", declared, lang, conf, g.Text)
			}
		}
	}
	t.Logf("%d texts, %d resolutions by function words", len(texts), shortcuts)
}
