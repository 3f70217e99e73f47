//go:build unix

package sharedtest

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time the process has used, user and system, GC
// included: on a shared machine, bytes per CPU-second measure what a core
// does where wall time measures the neighbours' load.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
