//go:build !linux

package records

import "time"

// cpuTime falls back to the wall clock where a thread's CPU time is not at
// hand.
func cpuTime(fn func()) time.Duration {
	start := time.Now()
	fn()
	return time.Since(start)
}
