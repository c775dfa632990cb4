package records

import (
	"runtime"
	"syscall"
	"time"
)

// cpuTime runs fn on one locked thread and returns the CPU time that thread
// spent: unlike a wall clock, it does not grow when other processes take
// the machine.
func cpuTime(fn func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := threadCPU()
	fn()
	return threadCPU() - before
}

func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
