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

// ForceParts makes every regular file be read in parts of about size bytes
// when a run has more than one worker (so the small testdata files
// exercise the parts and their merge); it returns a function restoring
// the defaults.
func ForceParts(size int64) func() {
	oldSize, oldMin := partSize, partsMin
	partSize, partsMin = size, 0
	return func() { partSize, partsMin = oldSize, oldMin }
}

// BeforePart calls fn before part k of a file read in parts is read (a
// hook for tests); it returns a function removing it.
func BeforePart(fn func(k int)) func() {
	old := beforePart
	beforePart = fn
	return func() { beforePart = old }
}

// PartsRead is how many files were read in parts so far.
func PartsRead() int64 { return filesInParts.Load() }

// PartsDropped is how many parts were read through by the part before
// them (their start was not a record's) so far.
func PartsDropped() int64 { return partsDropped.Load() }
