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
