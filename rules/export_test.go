package rules

// ForcePipeline makes every file go through the two-goroutine pipeline, so
// the small testdata files exercise it; it returns a function restoring the
// threshold.
func ForcePipeline() func() {
	old := pipelineMin
	pipelineMin = 0
	return func() { pipelineMin = old }
}
