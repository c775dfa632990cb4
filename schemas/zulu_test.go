package schemas

import (
	"bytes"
	"math/rand"
	"testing"
)

// parseZulu, the fast path, must agree with the general parser on every
// input it accepts, and accept the canonical form of every real instant.
func TestParseZuluAgrees(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 200000; i++ {
		b := []byte("2024-02-29T23:59:59Z")
		if i%3 == 0 {
			b = []byte("2024-02-29T23:59:59.123456789Z"[:20+r.Intn(11)] + "Z")
		}
		if i%2 == 0 {
			// Dates and times anywhere in 0000-9999, real or not.
			for _, at := range []int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
				b[at] = byte('0' + r.Intn(10))
			}
		}
		for k := r.Intn(3); k > 0; k-- { // and stray bytes
			b[r.Intn(len(b))] = byte(r.Intn(256))
		}
		zuluAgrees(t, b)
	}
	for _, s := range []string{"0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z", "2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00+00:00"} {
		zuluAgrees(t, []byte(s))
	}
}

func FuzzParseZulu(f *testing.F) {
	f.Add([]byte("2024-05-01T10:00:00Z"))
	f.Fuzz(func(t *testing.T, b []byte) { zuluAgrees(t, b) })
}

func zuluAgrees(t *testing.T, b []byte) {
	t.Helper()
	ns, st := parseTimestamp(b)
	fast, ok := parseZulu(b)
	if ok && (st != TimeOK || fast != ns) {
		t.Fatalf("%q: fast path %d, general parser %d %v", b, fast, ns, st)
	}
	if !ok && st == TimeOK && bytes.HasSuffix(b, []byte("Z")) {
		t.Fatalf("%q: the general parser reads it as UTC, the fast path does not", b)
	}
}
