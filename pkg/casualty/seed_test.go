package casualty_test

import (
	"fmt"
	"github.com/newswire/newswire/pkg/sharedtest"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/proto"
)

// describe renders figures as "kind low/high [part of kind low/high]" so
// that lists in different orders compare equal.
func describe(fs []proto.Figure) []string {
	b := func(v *int64) string {
		if v == nil {
			return "null"
		}
		return fmt.Sprint(*v)
	}
	key := func(f proto.Figure) string { return fmt.Sprintf("%s %s/%s", f.Kind, b(f.Low), b(f.High)) }
	var out []string
	for _, f := range fs {
		s := key(f)
		if f.PartOf != nil && *f.PartOf >= 0 && int(*f.PartOf) < len(fs) {
			s += " part of " + key(fs[*f.PartOf])
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// TestSeed checks the dispatch the project was created from against its gold:
// kind, low, high and part_of.
func TestSeed(t *testing.T) {
	dir := filepath.Join(sharedtest.Corpus(t), "seed")
	text, err := os.ReadFile(filepath.Join(dir, "afp_assad_moscou.txt"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "afp_assad_moscou.gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Lang    string         `json:"lang"`
		Figures []proto.Figure `json:"figures"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	got := describe(casualty.New().Extract(string(text), gold.Lang))
	want := describe(gold.Figures)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("seed figures:\n got  %q\n want %q", got, want)
	}
}
