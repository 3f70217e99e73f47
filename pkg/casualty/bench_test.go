package casualty_test

import (
	"strings"
	"testing"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/pkg/sharedtest"
)

// BenchmarkDevCorpus extracts every text of the dev gold sets.
func BenchmarkDevCorpus(b *testing.B) {
	var texts, langs []string
	for _, name := range []string{"fr_dev.gold.jsonl", "en_dev.gold.jsonl", "multi_dev.gold.jsonl"} {
		for _, g := range loadGold(b, name) {
			texts = append(texts, g.Text)
			langs = append(langs, g.Lang)
		}
	}
	extractAll(b, texts, langs)
}

// extractAll extracts every text (in the language of the same index) b.N
// times; b.SetBytes makes the result a throughput (MB/s, one core).
func extractAll(b *testing.B, texts, langs []string) {
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	ex := casualty.New()
	b.SetBytes(int64(total))
	b.ReportAllocs()
	cpu0 := sharedtest.CPUTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, t := range texts {
			ex.Extract(t, langs[j])
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
	b.ReportMetric(float64(b.N*len(texts)), "texts")
	// On a shared machine wall time depends on the neighbours; CPU time
	// (user+system of this process, GC included) gives the per-core rate.
	if cpu := sharedtest.CPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(total)*float64(b.N)/cpu.Seconds()/1e6, "cpuMB/s")
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*len(texts)), "cpu-ns/text")
	}
}

// BenchmarkDevCorpusNoLang is the same without the language: every lexicon is tried.
func BenchmarkDevCorpusNoLang(b *testing.B) {
	var texts []string
	for _, name := range []string{"fr_dev.gold.jsonl", "en_dev.gold.jsonl", "multi_dev.gold.jsonl"} {
		for _, g := range loadGold(b, name) {
			texts = append(texts, g.Text)
		}
	}
	extractAll(b, texts, make([]string, len(texts)))
}

// BenchmarkFeed extracts the first 3,000 dispatches of the French feed, the
// production mix: most carry no casualty figure at all. The text is built
// like the casualties stage's (headline, a blank line, then the paragraphs,
// one a line), straight from the JSON so the benchmark does not depend on
// the wire parser.
func BenchmarkFeed(b *testing.B) {
	var texts, langs []string
	for _, line := range sharedtest.FeedLines(b, 3000) {
		var rec struct {
			Lang, Title, Lede, Body string
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			b.Fatal(err)
		}
		text := strings.TrimSpace(rec.Title) + "\n\n" + strings.TrimSpace(rec.Lede) + "\n" + strings.TrimSpace(rec.Body)
		texts = append(texts, text)
		langs = append(langs, rec.Lang)
	}
	extractAll(b, texts, langs)
}
