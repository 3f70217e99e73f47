package entities

import (
	"runtime"
	"testing"
)

// TestMemoryWithGazetteer measures the heap an enricher holds once the
// gazetteer is loaded and an extraction has run; the enricher's budget is 150 MB.
func TestMemoryWithGazetteer(t *testing.T) {
	if testing.Short() {
		t.Skip("measures a fresh load")
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	x := mustExtractor(t)
	x.Extract(dispatch("fr", "Bachar al-Assad a remercié Vladimir Poutine lors d'une visite à Moscou."))
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("HeapAlloc after load: %.1f MB (process total %.1f MB, Sys %.1f MB)",
		float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20), float64(after.HeapAlloc)/(1<<20), float64(after.Sys)/(1<<20))
	if after.HeapAlloc > 100<<20 {
		t.Errorf("heap %d MB with the gazetteer loaded, want ≤ 100 MB (enricher budget 150 MB)", after.HeapAlloc>>20)
	}
}
