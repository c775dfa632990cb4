package rules

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestStoreOrder: however the findings were spilled (many runs, merged
// again past maxRuns), reading them back gives exactly what a stable sort
// of them in the order found gives, ties included.
func TestStoreOrder(t *testing.T) {
	for _, n := range []int{0, 1, 7, 100, 5000} {
		for _, at := range []int{1, 3, 64, 1 << 16} {
			t.Run(fmt.Sprintf("n=%d,spillAt=%d", n, at), func(t *testing.T) {
				defer func(old int) { spillAt = old }(spillAt)
				spillAt = at
				rng := rand.New(rand.NewPCG(uint64(n), uint64(at)))
				s := &findingStore{}
				var want []Finding
				seqs := map[string]uint64{}
				for i := 0; i < n; i++ {
					f := randomFinding(rng, i)
					want = append(want, f)
					s.add(keyed{f: f, seq: seqs[f.File]})
					seqs[f.File]++
				}
				SortFindings(want)
				var got []Finding
				if err := s.each(func(f Finding) error { got = append(got, f); return nil }); err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) || (n > 0 && !reflect.DeepEqual(got, want)) {
					t.Fatalf("read back %d findings, want %d, or in another order", len(got), len(want))
				}
				if want := n >= at && n > 0; s.spilled() != want {
					t.Errorf("spilled = %v, want %v", s.spilled(), want)
				}
				if len(s.runs) > maxRuns {
					t.Errorf("%d runs open, want at most %d", len(s.runs), maxRuns)
				}
				s.close()
			})
		}
	}
}

// randomFinding draws from few values per key, so many findings tie on
// the sort key and differ only in what it leaves out (value, offset, fix).
func randomFinding(rng *rand.Rand, i int) Finding {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	return Finding{
		Rule:     pick("timestamp/utc", "null/empty-value", "schema/type"),
		Severity: Severity(rng.IntN(4)),
		File:     pick("a.csv", "b/c.csv", "d é.jsonl"),
		Line:     rng.IntN(5), Col: rng.IntN(3), Offset: int64(rng.IntN(3)) - 1,
		Field: pick("", "timestamp"), Conversation: pick("", "c1"),
		Value:   fmt.Sprintf("v%d", i),
		Message: pick("m", "n\nnewline"), Fix: pick("", "write Z"),
	}
}

// TestStoreRejectsCorruptRun: a damaged temporary file is an error, never
// a panic or a silently short report.
func TestStoreRejectsCorruptRun(t *testing.T) {
	defer func(old int) { spillAt = old }(spillAt)
	spillAt = 2
	s := &findingStore{}
	for i := 0; i < 4; i++ {
		s.add(keyed{f: Finding{Rule: "r", File: "f", Line: i, Message: "a long enough message"}, seq: uint64(i)})
	}
	defer s.close()
	if _, err := s.runs[0].file.WriteAt([]byte{0xff, 0xff, 0xff}, s.runs[0].size-3); err != nil {
		t.Fatal(err)
	}
	err := s.each(func(Finding) error { return nil })
	if err == nil {
		t.Fatal("a corrupt run read back without error")
	}
}
