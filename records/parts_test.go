package records

import (
	"bytes"
	"io"
	"reflect"
	"testing"
)

// A file read in parts, each starting at a record of the whole read with
// Start, Line, Stop and Buffer, yields exactly the records and problems of
// reading it whole.
func TestPartsMatchWhole(t *testing.T) {
	inputs := []string{
		"a,b\n1,2\n\n3,\"x\ny\"\r\n\"bad\"x,1\n5,6\n7,8",
		"\xEF\xBB\xBFa,b\nNULL,\"NULL\"\n\x00,\xff\n\"open\n1,2\n3,4\n",
		"{\"a\":1}\n\n[1]\n{\"a\":1,\"a\":2}\n{\"b\":\"\x00\"}\r\n{\"c\":3}",
	}
	for _, in := range inputs {
		for _, jsonl := range []bool{false, true} {
			partsMatchWhole(t, []byte(in), jsonl)
		}
	}
}

func FuzzPartsMatchWhole(f *testing.F) {
	f.Add([]byte("a,b\n1,\"2\n3\"\n4,5\n"), false)
	f.Add([]byte("{\"a\":1}\n{\"b\":\n{}\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool) { partsMatchWhole(t, data, jsonl) })
}

type yieldedAll struct {
	recs  []rec
	probs []Problem
	end   int64
}

func readFrom(t testing.TB, r io.Reader, opt Options, jsonl bool) yieldedAll {
	var out yieldedAll
	opt.OnProblem = func(p Problem) { out.probs = append(out.probs, p) }
	var rd interface {
		Reader
		SetStop(int64)
	}
	val := csvVal
	if jsonl {
		rd, val = NewJSONL(r, opt), jsonVal
	} else {
		rd = NewCSV(r, opt)
	}
	out.recs = readAll(t, rd, val)
	out.end = rd.BytesRead()
	return out
}

// partsMatchWhole splits data at every record start of the whole read, in
// turn at every second and third, and compares.
func partsMatchWhole(t *testing.T, data []byte, jsonl bool) {
	whole := readFrom(t, bytes.NewReader(data), Options{}, jsonl)
	for step := 1; step <= 3; step++ {
		var got yieldedAll
		var cuts []rec
		for i := step; i < len(whole.recs); i += step {
			cuts = append(cuts, whole.recs[i])
		}
		start, line := int64(0), 1
		for i := 0; i <= len(cuts); i++ {
			stop := int64(0)
			if i < len(cuts) {
				stop = cuts[i].Offset
			}
			end := int64(len(data))
			if stop > 0 {
				end = stop
			}
			buf := append([]byte(nil), data[start:end]...)
			part := readFrom(t, bytes.NewReader(data[end:]), Options{Start: start, Line: line, Stop: stop, Buffer: buf}, jsonl)
			if stop > 0 && part.end != stop {
				t.Fatalf("part from %d stopped at %d, want %d", start, part.end, stop)
			}
			got.recs = append(got.recs, part.recs...)
			got.probs = append(got.probs, part.probs...)
			if i < len(cuts) {
				start, line = cuts[i].Offset, cuts[i].Line
			}
		}
		if !reflect.DeepEqual(whole.recs, got.recs) || !reflect.DeepEqual(whole.probs, got.probs) {
			t.Fatalf("step %d of %q:\nwhole %+v %+v\nparts %+v %+v", step, data, whole.recs, whole.probs, got.recs, got.probs)
		}
	}
}

// A Buffer that ends inside a record is read, never written: the reader
// moves the rest to a buffer of its own (the engine passes read-only
// mapped memory).
func TestBufferNotWritten(t *testing.T) {
	data := []byte("a,b\n1,\"two\nlines\"\n3,4\n{\"x\":1}\n")
	for _, jsonl := range []bool{false, true} {
		whole := readFrom(t, bytes.NewReader(data), Options{}, jsonl)
		for cut := 1; cut < len(data); cut++ {
			buf := append([]byte(nil), data[:cut]...)
			keep := append([]byte(nil), buf...)
			got := readFrom(t, bytes.NewReader(data[cut:]), Options{Buffer: buf}, jsonl)
			if !bytes.Equal(buf, keep) {
				t.Fatalf("cut %d: the buffer was written to: %q", cut, buf)
			}
			if !reflect.DeepEqual(whole, got) {
				t.Fatalf("cut %d: %+v, want %+v", cut, got, whole)
			}
		}
	}
}
