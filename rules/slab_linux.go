//go:build linux

package rules

import "syscall"

// allocSlab maps zeroed memory outside the Go heap. The record/duplicate
// tables are large, pointer-free and replaced wholesale when they grow: on
// the heap each replaced table lingers as garbage until the next GC (the
// heap goal lets it reach twice the live size); unmapped, it is returned to
// the OS at once, so peak RSS is the live tables.
func allocSlab(n int) []byte {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n)
	}
	return b
}

func freeSlab(b []byte) {
	if len(b) > 0 {
		// Heap slices from the fallback above fail here harmlessly.
		_ = syscall.Munmap(b)
	}
}
