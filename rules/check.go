package rules

// check is a pass over each record of a file, named by the rules it
// reports (a family sharing one pass shares its value). It runs on a file
// when one of its rules applies there.
type check struct {
	// start prepares the pass for a file; false leaves the pass out. Nil
	// means nothing to prepare.
	start func(fc *fileCtx) bool
	row   func(fc *fileCtx, row *Row)
	// inParts says the pass can run on the parts of a large file at once
	// (parts.go): it keeps nothing from row to row, or what it keeps is
	// merged in file order (fileCtx.mergePart). A file with a pass
	// without it is read whole, front to back.
	inParts bool
}
