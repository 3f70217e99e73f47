package eval

import (
	"strings"
	"testing"

	"github.com/newswire/newswire/proto"
)

func fig(kind string, low, high *int64, span string) proto.Figure {
	return proto.Figure{Kind: kind, Low: low, High: high, Span: span}
}

func TestScore(t *testing.T) {
	i := proto.Int64
	golds := []Gold{
		{ID: "1", Lang: "fr", Figures: []proto.Figure{
			fig("killed", i(501), nil, "plus de 500 morts"),
			fig("injured", i(3), i(3), "trois blessés"),
		}, SourceGold: map[string]int64{"fatalities": 501}},
		{ID: "2", Lang: "en"},
		{ID: "3", Lang: "en", Figures: []proto.Figure{fig("arrested", i(30), i(30), "30 farmers")}},
	}
	// The predictor misreads "plus de 500" as exactly 500, misses nothing
	// else, and invents a figure on the negative text.
	pred := map[string][]proto.Figure{
		"1": {fig("killed", i(500), i(500), "plus de 500 morts"), fig("injured", i(3), i(3), "trois blessés")},
		"2": {fig("killed", i(1), i(1), "one")},
		"3": {fig("arrested", i(30), i(30), "30 farmers")},
	}
	r := Score(withText(golds), func(text, lang string) []proto.Figure { return pred[text] })
	tests := []struct {
		name string
		got  Counts
		want Counts
	}{
		{"strict", r.Strict, Counts{TP: 2, FP: 2, FN: 1}},
		{"relaxed", r.Relaxed, Counts{TP: 3, FP: 1, FN: 0}},
		{"fr strict", *r.ByLang["fr"], Counts{TP: 1, FP: 1, FN: 1}},
		{"killed strict", *r.ByKind["killed"], Counts{TP: 0, FP: 2, FN: 1}},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, tc.got, tc.want)
		}
	}
	if r.Negatives != 1 || r.FPNeg != 1 {
		t.Errorf("negatives: got %d texts, %d with FP; want 1, 1", r.Negatives, r.FPNeg)
	}
	if r.SourceTotal != 1 || r.SourceFound != 0 {
		t.Errorf("source_gold: got %d of %d, want 0 of 1", r.SourceFound, r.SourceTotal)
	}
	var b strings.Builder
	if err := r.WriteTable(&b, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"missed killed 501/null", "extra  killed 500/500", "negatives: 1 texts, 1 with a false positive"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// withText makes each gold's text its id, so the fake predictor can key on it.
func withText(golds []Gold) []Gold {
	out := make([]Gold, len(golds))
	for i, g := range golds {
		g.Text = g.ID
		out[i] = g
	}
	return out
}

func TestReadGold(t *testing.T) {
	in := `{"id":"a","lang":"fr","text":"x","figures":[{"kind":"killed","low":1,"high":null,"span":"1"}]}

{"id":"b","lang":"en","text":"y","figures":[]}
`
	g, err := ReadGold(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(g) != 2 || g[0].Figures[0].High != nil || *g[0].Figures[0].Low != 1 {
		t.Errorf("got %+v", g)
	}
	if _, err := ReadGold(strings.NewReader("{bad")); err == nil {
		t.Error("want an error for bad JSON")
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		c       Counts
		p, r, f float64
	}{
		{Counts{}, 1, 1, 1},
		{Counts{TP: 1, FP: 1}, 0.5, 1, 2.0 / 3},
		{Counts{FN: 2}, 1, 0, 0},
	}
	for _, tc := range tests {
		if tc.c.P() != tc.p || tc.c.R() != tc.r || tc.c.F1() != tc.f {
			t.Errorf("%+v: P %v R %v F1 %v, want %v %v %v", tc.c, tc.c.P(), tc.c.R(), tc.c.F1(), tc.p, tc.r, tc.f)
		}
	}
}
