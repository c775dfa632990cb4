package rules

// check is a pass over each record of a file, named by the rules it
// reports (a family sharing one pass shares its value). It runs on a file
// when one of its rules applies there.
type check struct {
	// start prepares the pass for a file; false leaves the pass out. Nil
	// means nothing to prepare.
	start func(fc *fileCtx) bool
	row   func(fc *fileCtx, row *Row)
}
