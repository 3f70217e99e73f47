package tolls

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/newswire/newswire/pkg/story/versioned"
	"github.com/newswire/newswire/pkg/story/versioned/vtest"
	"github.com/newswire/newswire/proto"
)

// fig builds a figure; low or high < 0 means unbounded.
func fig(kind string, low, high int64, start int64) proto.Figure {
	f := proto.Figure{Kind: kind, Start: start}
	if low >= 0 {
		f.Low = proto.Int64(low)
	}
	if high >= 0 {
		f.High = proto.Int64(high)
	}
	return f
}

func partOf(f proto.Figure, i int64) proto.Figure { f.PartOf = proto.Int64(i); return f }

func group(f proto.Figure, g string) proto.Figure { f.Group = g; return f }

type rec struct {
	dispatch   string
	figures    []proto.Figure
	retraction bool
	want       []string // supersessions, formatted by fmtSup
}

func fmtSup(s proto.Supersession) string {
	b := func(p *int64) string {
		if p == nil {
			return "_"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("%s %s %s-%s -> %s-%s", s.DispatchID, s.Kind, b(s.Low), b(s.High), b(s.NewLow), b(s.NewHigh))
}

func TestRecord(t *testing.T) {
	tests := []struct {
		name string
		recs []rec
	}{
		{"lead update: the toll rises", []rec{
			{dispatch: "afp-1", figures: []proto.Figure{fig("killed", 40, -1, 10), fig("injured", 100, 100, 50)}},
			{dispatch: "afp-2", figures: []proto.Figure{fig("killed", 52, 52, 10), fig("injured", 100, 100, 60)},
				want: []string{"afp-1 killed 40-_ -> 52-52"}},
			{dispatch: "afp-3", figures: []proto.Figure{group(fig("killed", 61, 61, 0), "personnes"), fig("injured", 150, -1, 40)},
				want: []string{"afp-1 injured 100-100 -> 150-_", "afp-2 killed 52-52 -> 61-61"}},
		}},
		{"restating is not revising, and parts of a toll are not tolls", []rec{
			{dispatch: "a", figures: []proto.Figure{fig("killed", 370, 370, 0), partOf(fig("killed", 243, 243, 30), 0)}},
			{dispatch: "b", figures: []proto.Figure{fig("killed", 370, 370, 5), partOf(fig("killed", 250, 250, 30), 0)}},
		}},
		{"the first figure of a kind in the text is the lead", []rec{
			{dispatch: "a", figures: []proto.Figure{fig("killed", 12, 12, 90), fig("killed", 10, 10, 3)}},
			{dispatch: "b", figures: []proto.Figure{fig("killed", 11, 11, 3)}, want: []string{"a killed 10-10 -> 11-11"}},
		}},
		{"different groups and periods are different tolls", []rec{
			{dispatch: "a", figures: []proto.Figure{group(fig("killed", 5, 5, 0), "soldiers"), {Kind: "killed", Low: proto.Int64(10000), Period: "since 2011", Start: 40}}},
			{dispatch: "b", figures: []proto.Figure{group(fig("killed", 3, 3, 0), "civilians"), {Kind: "killed", Low: proto.Int64(10001), Period: "since 2011", Start: 40}},
				want: []string{"a killed 10000-_ -> 10001-_"}},
		}},
		{"a retraction withdraws the story's figures", []rec{
			{dispatch: "a", figures: []proto.Figure{fig("killed", 4, 4, 0), fig("missing", 2, 2, 9)}},
			{dispatch: "kill", retraction: true, want: []string{"a killed 4-4 -> _-_", "a missing 2-2 -> _-_"}},
			{dispatch: "kill", retraction: true, want: []string{"a killed 4-4 -> _-_", "a missing 2-2 -> _-_"}},
			{dispatch: "c", figures: []proto.Figure{fig("killed", 3, 3, 0)}},
		}},
		{"a redelivered or late dispatch gets its first answer", []rec{
			{dispatch: "a", figures: []proto.Figure{fig("killed", 40, -1, 0)}},
			{dispatch: "b", figures: []proto.Figure{fig("killed", 52, 52, 0)}, want: []string{"a killed 40-_ -> 52-52"}},
			{dispatch: "c", figures: []proto.Figure{fig("killed", 60, 60, 0)}, want: []string{"b killed 52-52 -> 60-60"}},
			{dispatch: "b", figures: []proto.Figure{fig("killed", 52, 52, 0)}, want: []string{"a killed 40-_ -> 52-52"}},
			{dispatch: "a", figures: []proto.Figure{fig("killed", 40, -1, 0)}},
		}},
		{"figures without kind or bounds are ignored", []rec{
			{dispatch: "a", figures: []proto.Figure{{Kind: "killed"}, {Low: proto.Int64(3)}}},
			{dispatch: "b", figures: nil},
		}},
	}
	ctx := context.Background()
	for name, newStore := range vtest.Stores(t) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				tl := New(newStore(t))
				for _, r := range tt.recs {
					got, err := tl.Record(ctx, "story-1", r.dispatch, r.figures, r.retraction)
					if err != nil {
						t.Fatalf("Record(%s): %v", r.dispatch, err)
					}
					assertSups(t, r.dispatch, got, r.want)
				}
			})
		}
	}
}

func assertSups(t *testing.T, dispatch string, got []proto.Supersession, want []string) {
	t.Helper()
	var g []string
	for _, s := range got {
		g = append(g, fmtSup(s))
	}
	if fmt.Sprint(g) != fmt.Sprint(want) {
		t.Errorf("Record(%s) supersedes %q, want %q", dispatch, g, want)
	}
}

func TestCurrent(t *testing.T) {
	ctx := context.Background()
	tl := New(versioned.NewMemory(0))
	if f, err := tl.Current(ctx, "none"); err != nil || f != nil {
		t.Fatalf("Current of an unknown story = %v, %v", f, err)
	}
	for i, n := range []int64{40, 52} {
		if _, err := tl.Record(ctx, "s", fmt.Sprint(i), []proto.Figure{fig("killed", n, n, 0), fig("injured", 7, 7, 9)}, false); err != nil {
			t.Fatal(err)
		}
	}
	got, err := tl.Current(ctx, "s")
	if err != nil || len(got) != 2 || got[0].Kind != "injured" || *got[1].Low != 52 {
		t.Fatalf("Current = %+v, %v", got, err)
	}
	if _, err := tl.Record(ctx, "", "x", nil, false); err == nil {
		t.Error("Record without a story id accepted")
	}
}

// TestConcurrentRecorders has replicas record successive tolls of one story
// at once: compare-and-swap must serialise them into one chain, each toll
// superseding exactly the one recorded before it.
func TestConcurrentRecorders(t *testing.T) {
	ctx := context.Background()
	for name, newStore := range vtest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			store := newStore(t)
			const n = 12
			sups := make([][]proto.Supersession, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					tl := New(store) // one Timeline per replica
					sups[i], errs[i] = tl.Record(ctx, "story", fmt.Sprintf("d%d", i), []proto.Figure{fig("killed", int64(10+i), int64(10+i), 0)}, false)
				})
			}
			wg.Wait()
			superseded := map[string]int{}
			total := 0
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("recorder %d: %v", i, errs[i])
				}
				for _, s := range sups[i] {
					superseded[s.DispatchID]++
					total++
				}
			}
			// n distinct values in some order: a chain of n-1 revisions,
			// every dispatch but the last superseded exactly once.
			if total != n-1 || len(superseded) != n-1 {
				t.Fatalf("%d supersessions over %d dispatches, want a chain of %d: %v", total, len(superseded), n-1, superseded)
			}
			for id, c := range superseded {
				if c != 1 {
					t.Errorf("%s superseded %d times", id, c)
				}
			}
		})
	}
}

// TestSharedStore has two Timelines record in turn into one store, as two
// replicas do: each must read what the other wrote, though neither wrote
// the key before (Record then tries to create it first).
func TestSharedStore(t *testing.T) {
	ctx := context.Background()
	store := versioned.NewMemory(0)
	a, b := New(store), New(store)
	steps := []struct {
		tl *Timeline
		rec
	}{
		{a, rec{dispatch: "d1", figures: []proto.Figure{fig("killed", 40, -1, 0)}}},
		{b, rec{dispatch: "d2", figures: []proto.Figure{fig("killed", 52, 52, 0)}, want: []string{"d1 killed 40-_ -> 52-52"}}},
		{a, rec{dispatch: "d3", figures: []proto.Figure{fig("killed", 60, 60, 0)}, want: []string{"d2 killed 52-52 -> 60-60"}}},
		{b, rec{dispatch: "d2", figures: []proto.Figure{fig("killed", 52, 52, 0)}, want: []string{"d1 killed 40-_ -> 52-52"}}},
		{New(store), rec{dispatch: "k", retraction: true, want: []string{"d3 killed 60-60 -> _-_"}}},
		{a, rec{dispatch: "k", retraction: true, want: []string{"d3 killed 60-60 -> _-_"}}},
	}
	for _, s := range steps {
		got, err := s.tl.Record(ctx, "story", s.dispatch, s.figures, s.retraction)
		if err != nil {
			t.Fatal(err)
		}
		assertSups(t, s.dispatch, got, s.want)
	}
	// a retraction of a story nothing was recorded in creates its timeline
	if got, err := New(store).Record(ctx, "other", "k2", nil, true); err != nil || len(got) != 0 {
		t.Fatalf("retraction of an empty story: %v, %v", got, err)
	}
	if got, err := New(store).Record(ctx, "other", "k2", nil, true); err != nil || len(got) != 0 {
		t.Fatalf("retraction again: %v, %v", got, err)
	}
}

// BenchmarkRecord records two dispatches stating a toll per story, the
// first creating the story's timeline, in each kind of store.
func BenchmarkRecord(b *testing.B) {
	ctx := context.Background()
	for name, newStore := range vtest.Stores(b) {
		b.Run(name, func(b *testing.B) {
			tl := New(newStore(b))
			figs := [][]proto.Figure{
				{fig("killed", 40, -1, 10), fig("injured", 100, 100, 50)},
				{fig("killed", 52, 52, 10), fig("injured", 100, 100, 60)},
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := tl.Record(ctx, fmt.Sprint("story-", i/2), fmt.Sprint("d", i), figs[i%2], false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
