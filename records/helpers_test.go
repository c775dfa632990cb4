package records

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// rec is a comparable snapshot of a yielded record.
type rec struct {
	Line   int
	Offset int64
	Raw    string
	Vals   []string // CSV: content, "NULL" marked as <null>, quoted as "q:..."; JSONL: key=kind:raw
}

type prob struct {
	Kind      ProblemKind
	Line, Col int
	Offset    int64
	Key       string
}

func (p prob) String() string {
	return fmt.Sprintf("%s@%d:%d/%d[%s]", p.Kind, p.Line, p.Col, p.Offset, p.Key)
}

func csvVal(v Value) string {
	switch {
	case v.Kind == Null:
		return "<null>"
	case v.Quoted:
		return "q:" + string(v.Raw)
	}
	return string(v.Raw)
}

func jsonVal(v Value) string {
	return string(v.Key) + "=" + v.Kind.String() + ":" + string(v.Raw)
}

// readAll drains a reader, checking the invariants every record must keep.
func readAll(t testing.TB, rd Reader, val func(Value) string) []rec {
	t.Helper()
	var out []rec
	last := 0
	for {
		r, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if r.Line <= last {
			t.Fatalf("line %d not after %d", r.Line, last)
		}
		last = r.Line
		x := rec{Line: r.Line, Offset: r.Offset, Raw: string(r.Raw)}
		for _, v := range r.Values {
			if v.Off < 0 || v.Off > len(r.Raw) {
				t.Fatalf("value offset %d outside record of %d bytes", v.Off, len(r.Raw))
			}
			x.Vals = append(x.Vals, val(v))
		}
		out = append(out, x)
	}
}

func readCSV(t testing.TB, in string, opt Options) ([]rec, []Problem) {
	var probs []Problem
	opt.OnProblem = func(p Problem) { probs = append(probs, p) }
	recs := readAll(t, NewCSV(strings.NewReader(in), opt), csvVal)
	return recs, probs
}

func readJSONL(t testing.TB, in string, opt Options) ([]rec, []Problem) {
	var probs []Problem
	opt.OnProblem = func(p Problem) { probs = append(probs, p) }
	recs := readAll(t, NewJSONL(strings.NewReader(in), opt), jsonVal)
	return recs, probs
}

func probList(ps []Problem) []prob {
	out := []prob{}
	for _, p := range ps {
		out = append(out, prob{p.Kind, p.Line, p.Col, p.Offset, p.Key})
	}
	return out
}

// withBufSize runs f with every buffer size in sizes, so each case is also
// parsed across refill boundaries.
func withBufSizes(t *testing.T, f func(t *testing.T)) {
	for _, size := range []int{1 << 20, 7, 64} {
		t.Run(fmt.Sprintf("buf%d", size), func(t *testing.T) {
			old := bufSize
			bufSize = size
			defer func() { bufSize = old }()
			f(t)
		})
	}
}
