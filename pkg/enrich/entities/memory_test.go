package entities

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestMemoryWithGazetteer measures the heap and, on Linux, the resident set
// of a process that has loaded the gazetteer and run an extraction: the
// enricher's budget is 150 MB.
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
	t.Logf("HeapAlloc: %.1f MB (%.1f MB more than before the load; Sys %.1f MB)",
		float64(after.HeapAlloc)/(1<<20), float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20), float64(after.Sys)/(1<<20))
	if after.HeapAlloc > 100<<20 {
		t.Errorf("heap %d MB with the gazetteer loaded, want ≤ 100 MB", after.HeapAlloc>>20)
	}
	if rss, ok := residentKB(); ok {
		t.Logf("VmRSS: %.1f MB (test binary included)", float64(rss)/1024)
		if rss > 150*1024 {
			t.Errorf("resident set %d MB, want ≤ 150 MB", rss/1024)
		}
	}
}

// residentKB reads VmRSS from /proc/self/status (Linux only).
func residentKB() (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
