package enricherstage

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/newswire/newswire/pkg/enrich/topics"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sharedtest"
	"github.com/newswire/newswire/pkg/stage"
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
	e, err := newHandler(t).Enrich(context.Background(), d)
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

// TestSplicedOutput: the output the handler writes with its input's bytes
// spliced in decodes to what encoding the enrichment whole gives, and so
// does the output of a JSON input.
func TestSplicedOutput(t *testing.T) {
	ds, _ := feedDispatches(t)
	h := newHandler(t)
	ctx := context.Background()
	decode := func(data []byte, hdr nats.Header) *proto.EnrichedDispatch {
		t.Helper()
		var e proto.EnrichedDispatch
		if err := proto.Unmarshal(hdr.Get(stage.HeaderContentType), data, &e); err != nil {
			t.Fatal(err)
		}
		e.EnrichedAt = "" // the time of enrichment
		return &e
	}
	for i, d := range ds {
		e, err := h.Enrich(ctx, d) // a dispatch enriched again gets the same story
		if err != nil {
			t.Fatal(err)
		}
		data, hdr, err := service.Encode(e)
		if err != nil {
			t.Fatal(err)
		}
		want := decode(data, hdr)
		for _, ct := range []string{proto.ContentTypeProtobuf, proto.ContentTypeJSON} {
			in, err := proto.Marshal(ct, d)
			if err != nil {
				t.Fatal(err)
			}
			outs, err := h.Handle(ctx, &stage.Message{Subject: "news.parsed.fr", Data: in, Header: nats.Header{stage.HeaderContentType: {ct}}})
			if err != nil {
				t.Fatal(err)
			}
			out := outs[len(outs)-1]
			if got := decode(out.Data, out.Header); !reflect.DeepEqual(got, want) {
				t.Fatalf("dispatch %d from %s: the output decodes to another enriched dispatch", i, ct)
			}
		}
	}
}

// BenchmarkEnrich measures the whole enrichment of feed dispatches (entities,
// places, topics, story assignment on a memory store), in bytes of body per second.
func BenchmarkEnrich(b *testing.B) {
	ds, size := feedDispatches(b)
	h := newHandler(b)
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
func feedDispatches(tb testing.TB) (ds []*proto.ParsedDispatch, size int64) {
	for _, line := range sharedtest.FeedLines(tb, 1000) {
		d, err := wire.Parse(line, wire.Options{ContentType: "application/json"})
		if err != nil {
			continue
		}
		ds = append(ds, d)
		size += int64(len(d.Headline) + len(d.BodyText))
	}
	return ds, size
}

// newHandler builds a handler assigning stories on a fresh index.
func newHandler(tb testing.TB) *Handler {
	tb.Helper()
	stories, err := story.NewAssigner(story.DefaultConfig(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	h, err := New(stories)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}
