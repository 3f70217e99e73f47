//go:build unix

package entities

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used: on a shared machine, bytes
// per CPU-second measure throughput per core where wall time measures the load.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
