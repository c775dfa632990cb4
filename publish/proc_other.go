//go:build !linux

package publish

// procID is empty where process liveness cannot be judged: a lease from a
// dead run then frees only when it expires (or with --take-over-lease).
type procID struct{}

func selfProcID() procID      { return procID{} }
func (procID) deadHere() bool { return false }
