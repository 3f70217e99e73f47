//go:build !unix

package sharedtest

import "time"

// CPUTime is 0 where the process's CPU time is not at hand: benchmarks
// then report no per-CPU-second rate.
func CPUTime() time.Duration { return 0 }
