package enricherstage

import (
	"context"
	"os"
	"testing"

	"github.com/newswire/newswire/pkg/enrich/topics"
	"github.com/newswire/newswire/pkg/sharedtest"
	"github.com/newswire/newswire/pkg/story"
	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/pkg/wire"
	"github.com/newswire/newswire/proto"
)

// TestSeedEnrichment runs the stage's enrichment on the seed dispatch: the
// persons, organisations and geocoded places of the seed's gold file, and
// the dispatch's country.
func TestSeedEnrichment(t *testing.T) {
	seed, err := os.ReadFile("../../../../shared/corpus/seed/afp_assad_moscou.txt")
	if err != nil {
		t.Skipf("../shared not present: %v", err)
	}
	d, err := wire.Parse(seed, wire.Options{ContentType: "text/plain"})
	if err != nil {
		t.Fatal(err)
	}
	stories, err := story.NewAssigner(story.DefaultConfig(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(stories)
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.Enrich(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	persons := map[string]bool{}
	for _, p := range e.Persons {
		persons[p.Canonical] = true
	}
	for _, want := range []string{"Bachar al-Assad", "Vladimir Poutine", "Dmitri Peskov", "Sergueï Choïgou", "Sergueï Lavrov", "Nikolaï Patrouchev", "Mikhaïl Fradkov"} {
		if !persons[want] {
			t.Errorf("person %s not found; got %v", want, persons)
		}
	}
	places := map[string]string{}
	for _, p := range e.Places {
		places[p.Name] = p.Country
		if p.Lat == 0 && p.Lon == 0 {
			t.Errorf("place %s has no coordinates", p.Name)
		}
	}
	for name, cc := range map[string]string{"Moscou": "RU", "Damas": "SY", "Syrie": "SY", "Russie": "RU", "Homs": "SY", "Hama": "SY", "Alep": "SY", "Lattaquié": "SY", "Washington": "US"} {
		if places[name] != cc {
			t.Errorf("place %s → %q, want %s", name, places[name], cc)
		}
	}
	if e.Country != "SY" {
		t.Errorf("country = %q, want SY", e.Country)
	}
	if e.StoryID == "" || len(e.Topics) == 0 {
		t.Errorf("story %q, topics %v: want both", e.StoryID, e.Topics)
	}
}

// BenchmarkEnrich measures the whole enrichment of feed dispatches (entities,
// places, topics, story assignment on a memory store), in bytes of body per second.
func BenchmarkEnrich(b *testing.B) {
	ds, size := feedDispatches(b)
	stories, err := story.NewAssigner(story.DefaultConfig(), 0)
	if err != nil {
		b.Fatal(err)
	}
	h, err := New(stories)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size / int64(len(ds)))
	b.ReportAllocs()
	// The machine is shared: MB per CPU-second (what a core does) is
	// reported beside wall-clock MB/s.
	cpu0 := sharedtest.CPUTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.Enrich(context.Background(), ds[i%len(ds)]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if cpu := sharedtest.CPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)*float64(size/int64(len(ds)))/1e6/cpu.Seconds(), "cpuMB/s")
	}
}

// BenchmarkTopicsAndStory measures what folding a dispatch once saves: its
// topics and story signature with each folding the text ("apart", as
// before) and from one folding ("folded", as the handler does). The story
// index is the same in both; a dispatch seen again is still signed.
func BenchmarkTopicsAndStory(b *testing.B) {
	ds, size := feedDispatches(b)
	ctx := context.Background()
	for _, folded := range []bool{false, true} {
		name := map[bool]string{false: "apart", true: "folded"}[folded]
		b.Run(name, func(b *testing.B) {
			stories, err := story.NewAssigner(story.DefaultConfig(), 0)
			if err != nil {
				b.Fatal(err)
			}
			var p fold.Parts
			b.SetBytes(size / int64(len(ds)))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				d := ds[i%len(ds)]
				if folded && story.FoldDispatch(d, &p) {
					topics.ClassifyFolded(p.Part(0), p.Part(p.Len()-1), d.Language)
					_, _, err = stories.AssignFolded(ctx, d, &p)
				} else {
					topics.Classify(d.Headline, d.BodyText, d.Language)
					_, _, err = stories.Assign(ctx, d)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// feedDispatches parses the first 1,000 feed dispatches, and returns them
// with their headline and body bytes in all.
func feedDispatches(b *testing.B) (ds []*proto.ParsedDispatch, size int64) {
	for _, line := range sharedtest.FeedLines(b, 1000) {
		d, err := wire.Parse(line, wire.Options{ContentType: "application/json"})
		if err != nil {
			continue
		}
		ds = append(ds, d)
		size += int64(len(d.Headline) + len(d.BodyText))
	}
	return ds, size
}
