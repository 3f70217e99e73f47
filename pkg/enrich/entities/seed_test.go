package entities

import (
	"encoding/json"
	"github.com/newswire/newswire/pkg/sharedtest"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/newswire/newswire/pkg/text/segment"
	"github.com/newswire/newswire/proto"
)

// dispatch builds the ParsedDispatch the parser would give for a plain text body.
func dispatch(lang, text string) *proto.ParsedDispatch {
	d := &proto.ParsedDispatch{Language: lang, BodyText: text}
	for _, p := range segment.Paragraphs(text) {
		para := proto.Paragraph{Start: int64(p.Start), End: int64(p.End)}
		for _, s := range segment.Sentences(p.Text(text)) {
			para.Sentences = append(para.Sentences, proto.Sentence{Start: int64(p.Start + s.Start), End: int64(p.Start + s.End)})
		}
		d.Paragraphs = append(d.Paragraphs, para)
	}
	return d
}

func mustExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := NewDefault()
	if err != nil {
		t.Fatalf("loading gazetteer: %v", err)
	}
	return x
}

// names returns the distinct canonical (else written) names of entities.
func names(es []proto.Entity) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range es {
		n := e.Canonical
		if n == "" || e.Acronym != "" && e.Text != e.Acronym {
			n = e.Text
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func TestSeedDispatch(t *testing.T) {
	dir := sharedtest.Dir(t)
	text, err := os.ReadFile(filepath.Join(dir, "corpus", "seed", "afp_assad_moscou.txt"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "corpus", "seed", "afp_assad_moscou.gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Entities struct {
			Persons, Organizations []string
			Places                 []struct{ Name, Country string }
		}
	}
	if err := json.Unmarshal(b, &gold); err != nil {
		t.Fatal(err)
	}
	x := mustExtractor(t)
	d := dispatch("fr", string(text))
	res := x.Extract(d)
	checkOffsets(t, d, res)

	sort.Strings(gold.Entities.Persons)
	if got := names(res.Persons); !equal(got, gold.Entities.Persons) {
		t.Errorf("persons:\n got  %q\n want %q", got, gold.Entities.Persons)
	}
	sort.Strings(gold.Entities.Organizations)
	if got := names(res.Organizations); !equal(got, gold.Entities.Organizations) {
		t.Errorf("organizations:\n got  %q\n want %q", got, gold.Entities.Organizations)
	}
	places := map[string]string{}
	for _, p := range res.Places {
		if c, ok := places[p.Name]; ok && c != p.Country {
			t.Errorf("place %q resolved to both %s and %s", p.Name, c, p.Country)
		}
		places[p.Name] = p.Country
	}
	for _, g := range gold.Entities.Places {
		if c, ok := places[g.Name]; !ok || c != g.Country {
			t.Errorf("place %q: got %q (found %v), want %s", g.Name, c, ok, g.Country)
		}
		delete(places, g.Name)
	}
	for n, c := range places {
		t.Errorf("unexpected place %q (%s)", n, c)
	}
	if res.Country != "SY" {
		t.Errorf("country = %q, want SY", res.Country)
	}
	for _, p := range res.Persons {
		if p.Text == "Poutine" && p.Canonical != "Vladimir Poutine" {
			t.Errorf("M. Poutine linked to %q", p.Canonical)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkOffsets fails unless every mention's offsets point at its text.
func checkOffsets(t testing.TB, d *proto.ParsedDispatch, res Result) {
	t.Helper()
	check := func(src, what, text string, start, end int64) {
		if start < 0 || end > int64(len(src)) || start > end || src[start:end] != text {
			t.Errorf("%s %q at [%d,%d) does not match its text", what, text, start, end)
		}
	}
	for _, es := range [][]proto.Entity{res.Persons, res.Organizations, res.Headline.Persons, res.Headline.Organizations} {
		for i := 1; i < len(es); i++ {
			if es[i].Start < es[i-1].Start {
				t.Errorf("mentions out of text order: %q at %d after %q at %d", es[i].Text, es[i].Start, es[i-1].Text, es[i-1].Start)
			}
		}
	}
	for _, e := range append(append([]proto.Entity{}, res.Persons...), res.Organizations...) {
		check(d.BodyText, "entity", e.Text, e.Start, e.End)
	}
	for _, p := range res.Places {
		check(d.BodyText, "place", p.Name, p.Start, p.End)
	}
	for _, e := range append(append([]proto.Entity{}, res.Headline.Persons...), res.Headline.Organizations...) {
		check(d.Headline, "headline entity", e.Text, e.Start, e.End)
	}
	for _, p := range res.Headline.Places {
		check(d.Headline, "headline place", p.Name, p.Start, p.End)
	}
}
