package rules

// ForcePipeline makes every file go through the two-goroutine pipeline, so
// the small testdata files exercise it; it returns a function restoring the
// threshold.
func ForcePipeline() func() {
	old := pipelineMin
	pipelineMin = 0
	return func() { pipelineMin = old }
}

// OnWaitingOpen calls fn when an open starts waiting for a FIFO's writer;
// it returns a function removing the hook.
func OnWaitingOpen(fn func(path string)) func() {
	old := waitingOpen
	waitingOpen = fn
	return func() { waitingOpen = old }
}

// SpillAt makes a run's findings store write its findings to disk past n
// in memory, so small inputs exercise the spill; it returns a function
// restoring the threshold.
func SpillAt(n int) func() {
	old := spillAt
	spillAt = n
	return func() { spillAt = old }
}
