package service

import (
	"runtime/debug"
	"testing"

	"github.com/newswire/newswire/pkg/stage"
)

// TestTuneGC gives a process its stage's GCPercent, the runtime default
// once it hosts a second stage, and leaves an explicit GOGC alone.
func TestTuneGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	t.Setenv("GOGC", "")

	r := &Runner{}
	r.tuneGC(StageDef{GCPercent: 400})
	if got := debug.SetGCPercent(400); got != 400 {
		t.Errorf("one stage: GOGC %d, want 400", got)
	}
	r.stages = append(r.stages, &stage.Stage{})
	r.tuneGC(StageDef{GCPercent: 50})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("two stages: GOGC %d, want the default 100", got)
	}

	t.Setenv("GOGC", "75")
	debug.SetGCPercent(75)
	(&Runner{}).tuneGC(StageDef{GCPercent: 400})
	if got := debug.SetGCPercent(75); got != 75 {
		t.Errorf("GOGC=75 set: %d", got)
	}
}
