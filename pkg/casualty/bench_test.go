package casualty_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/casualty"
)

// BenchmarkDevCorpus extracts every text of the dev gold sets; b.SetBytes
// makes the result a throughput (MB/s, one core).
func BenchmarkDevCorpus(b *testing.B) {
	var texts, langs []string
	total := 0
	for _, name := range []string{"fr_dev.gold.jsonl", "en_dev.gold.jsonl", "multi_dev.gold.jsonl"} {
		for _, g := range loadGold(b, name) {
			texts = append(texts, g.Text)
			langs = append(langs, g.Lang)
			total += len(g.Text)
		}
	}
	ex := casualty.New()
	b.SetBytes(int64(total))
	b.ReportAllocs()
	cpu0 := cpuTime()
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
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(total)*float64(b.N)/cpu.Seconds()/1e6, "cpuMB/s")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDevCorpusNoLang is the same without the language: every lexicon is tried.
func BenchmarkDevCorpusNoLang(b *testing.B) {
	var texts []string
	total := 0
	for _, name := range []string{"fr_dev.gold.jsonl", "en_dev.gold.jsonl", "multi_dev.gold.jsonl"} {
		for _, g := range loadGold(b, name) {
			texts = append(texts, g.Text)
			total += len(g.Text)
		}
	}
	ex := casualty.New()
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			ex.Extract(t, "")
		}
	}
}
