//go:build !linux

package rules

func allocSlab(n int) []byte { return make([]byte, n) }

func freeSlab([]byte) {}
