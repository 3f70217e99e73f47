package entities

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/sharedtest"
	"github.com/newswire/newswire/pkg/wire"
	"github.com/newswire/newswire/proto"
)

// BenchmarkExtract measures enrichment throughput on the sample's texts and
// the seed dispatch (bytes of body text per second, one core).
func BenchmarkExtract(b *testing.B) {
	docs := loadSample(b)
	var ds []*proto.ParsedDispatch
	size := 0
	for _, d := range docs {
		ds = append(ds, dispatch(d.Lang, d.text))
		size += len(d.text)
	}
	if seed, err := os.ReadFile(filepath.Join(sharedtest.Dir(b), "corpus", "seed", "afp_assad_moscou.txt")); err == nil {
		ds = append(ds, dispatch("fr", string(seed)))
		size += len(seed)
	}
	x := mustExtractor(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := sharedtest.CPUTime()
	for b.Loop() {
		for _, d := range ds {
			x.Extract(d)
		}
	}
	if cpu := sharedtest.CPUTime() - cpu0; cpu > 0 {
		// GC runs on other threads too, so this counts all the work the extraction causes.
		b.ReportMetric(float64(size)*float64(b.N)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

// BenchmarkExtractFeed measures extraction on the first 1,000 dispatches of
// the French feed as the parser delivers them (headline, body, dateline):
// the enricher's real workload, in bytes of headline and body per second.
func BenchmarkExtractFeed(b *testing.B) {
	var ds []*proto.ParsedDispatch
	size := 0
	for _, line := range sharedtest.FeedLines(b, 1000) {
		d, err := wire.Parse(line, wire.Options{ContentType: "application/json"})
		if err != nil {
			continue
		}
		ds = append(ds, d)
		size += len(d.Headline) + len(d.BodyText)
	}
	x := mustExtractor(b)
	b.SetBytes(int64(size / len(ds)))
	b.ReportAllocs()
	// The set-up's garbage is collected now, not by the loop's allocations:
	// instruction counts of a few thousand dispatches are then comparable.
	runtime.GC()
	b.ResetTimer()
	cpu0 := sharedtest.CPUTime()
	n := 0
	for ; b.Loop(); n++ {
		x.Extract(ds[n%len(ds)])
	}
	if cpu := sharedtest.CPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size/len(ds))*float64(n)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Bachar al-Assad a remercié Vladimir Poutine lors d'une visite à Moscou.",
		"Selon l'Observatoire syrien des droits de l'Homme (OSDH), 100.000 personnes fuyaient.",
		"President Joe Biden met M. Peskov in Paris, Texas (US) — ((( )",
		"L'", "(A)", "M.", "'s", "Jean de", "U.S.A.", "\xff\xfe(ÉÉ)", "A (B) C (DE)",
	} {
		f.Add(s, "headline É", "Paris")
	}
	x := mustExtractor(f)
	f.Fuzz(func(t *testing.T, body, headline, dateline string) {
		d := &proto.ParsedDispatch{BodyText: body, Headline: headline, Dateline: &proto.Dateline{Place: dateline}}
		res := x.Extract(d)
		checkOffsets(t, d, res)
		for _, e := range append(append([]proto.Entity{}, res.Persons...), res.Organizations...) {
			if !utf8.ValidString(e.Text) && utf8.ValidString(body) {
				t.Errorf("entity %q splits a rune", e.Text)
			}
		}
	})
}
