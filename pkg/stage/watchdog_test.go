package stage

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// TestWatchdogRestartsAStalledConsumer: when the consume context stops
// pulling while the stage still believes it consumes (the nats.go failure
// mode after reconnects), the stage reports not ready, then the watchdog
// re-creates the consume context and the backlog flows.
func TestWatchdogRestartsAStalledConsumer(t *testing.T) {
	p := newPipeline(t)
	var st *Stage
	p.start(testConfig(), upper, func(s *Stage) {
		// A look every 250 ms keeps the stage not-ready for a whole
		// interval before the restart, long enough to be seen on a busy machine.
		s.watchEvery = 250 * time.Millisecond
		s.stallAfter = 300 * time.Millisecond
		st = s
	})
	// Kill the pull behind the stage's back.
	st.consumeCtx.Load().(jetstream.ConsumeContext).Stop()
	for _, id := range []string{"a", "b", "c"} {
		p.publishRaw(id, "text "+id)
	}
	waitFor(t, 10*time.Second, "the stage to report not ready", func() bool { return !st.Ready() })
	waitFor(t, 10*time.Second, "the backlog to flow after a restart", func() bool { return len(p.streamMsgs(StreamParsed, "")) == 3 })
	if st.restarts.Load() == 0 {
		t.Error("messages flowed but the watchdog never restarted the consume context")
	}
	waitFor(t, 5*time.Second, "ready again", st.Ready)
}
