package records

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"unicode/utf8"
)

// yielded is a deep copy of a record, taken before the reader reuses it.
type yielded struct {
	Line   int
	Offset int64
	Raw    []byte
	Values []Value
}

// drain reads everything, checking the invariants that hold for any input.
func drain(t *testing.T, data []byte, rd Reader, probs *[]Problem) []yielded {
	t.Helper()
	var out []yielded
	for {
		r, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if n := len(out); n > 0 && (r.Line <= out[n-1].Line || r.Offset <= out[n-1].Offset) {
			t.Fatalf("record at line %d offset %d after line %d offset %d", r.Line, r.Offset, out[n-1].Line, out[n-1].Offset)
		}
		if r.Offset < 0 || r.Offset+int64(len(r.Raw)) > int64(len(data)) || !bytes.Equal(data[r.Offset:r.Offset+int64(len(r.Raw))], r.Raw) {
			t.Fatalf("record Raw %q is not the input at offset %d", r.Raw, r.Offset)
		}
		y := yielded{Line: r.Line, Offset: r.Offset, Raw: bytes.Clone(r.Raw)}
		for _, v := range r.Values {
			if v.Off < 0 || v.Off > len(r.Raw) { // an empty last CSV field starts at the end
				t.Fatalf("value offset %d outside record %q", v.Off, r.Raw)
			}
			v.Key, v.Raw = bytes.Clone(v.Key), bytes.Clone(v.Raw)
			y.Values = append(y.Values, v)
		}
		out = append(out, y)
	}
	if rd.BytesRead() != int64(len(data)) {
		t.Fatalf("BytesRead %d, input %d", rd.BytesRead(), len(data))
	}
	for _, p := range *probs {
		if p.Line < 1 || p.Col < 1 || p.Offset < 0 || p.Offset > int64(len(data)) || p.Msg == "" {
			t.Fatalf("bad problem %+v", p)
		}
	}
	return out
}

func fuzzSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s), uint8(0))
	}
}

// withSize sets the buffer size from the fuzzer's byte, so refill paths get
// fuzzed too; 0 means 4 KiB (the default 1 MiB would make each run slow to
// allocate without exercising different code).
func withSize(size uint8) func() {
	old := bufSize
	bufSize = 4096
	if size != 0 {
		bufSize = int(size)
	}
	return func() { bufSize = old }
}

func FuzzCSV(f *testing.F) {
	fuzzSeeds(f, "a,b\n1,2\n", "\"a,\"\"b\"\"\",c\r\n", "x,\"multi\nline\",y\n", "\xEF\xBB\xBFNULL,\"NULL\",,\"\"",
		"a\"b\n\"c\"d\n\"open\n1,2\n", "\x00\xff\r\n\n\n", "😀,名\n")
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		defer withSize(size)()
		// Every input is read with the comma and with another separator, as
		// a file whose delimiter preflight detected is.
		for _, comma := range []byte{',', ';', '\t'} {
			csvMatchesStdlib(t, data, comma)
		}
	})
}

// csvMatchesStdlib reads data with comma as the separator and, where
// encoding/csv accepts the input, checks both agree on every field.
func csvMatchesStdlib(t *testing.T, data []byte, comma byte) {
	t.Helper()
	var probs []Problem
	recs := drain(t, data, NewCSV(bytes.NewReader(data), Options{Comma: comma, OnProblem: func(p Problem) { probs = append(probs, p) }}), &probs)

	if bytes.IndexByte(data, '\r') >= 0 || bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return // encoding/csv folds CRLF inside quotes and keeps the BOM
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.Comma = rune(comma)
	want, err := cr.ReadAll()
	if err != nil {
		return
	}
	for _, p := range probs {
		if p.Kind == Syntax {
			t.Fatalf("syntax problem %+v on input encoding/csv accepts", p)
		}
	}
	if len(want) != len(recs) {
		t.Fatalf("%d records, encoding/csv has %d", len(recs), len(want))
	}
	for i, w := range want {
		var got []string
		for _, v := range recs[i].Values {
			got = append(got, string(v.Raw))
		}
		if len(got) != len(w) {
			t.Fatalf("record %d: got %q, encoding/csv %q", i, got, w)
		}
		for k := range w {
			if got[k] != w[k] {
				t.Fatalf("record %d: got %q, encoding/csv %q", i, got, w)
			}
		}
	}
}

func FuzzJSONL(f *testing.F) {
	fuzzSeeds(f, `{"a":1,"b":"x\u00e9\ud83d\ude00","c":[1,{"d":null}],"e":true}`+"\n", "[1]\n\n  \n{\"a\" 1}\n",
		`{"a":01}`, `{"a":1,"a":2}`, "{\"a\":\"\x00\t\xff\"}\r\n", `{"a":[[[[[[[[[[]]]]]]]]]]}`, `{"\ud800":"\udc00x"}`,
		`{"n":-0.5e+10,"m":1E5}`, `"s"`)
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		defer withSize(size)()
		var probs []Problem
		recs := drain(t, data, NewJSONL(bytes.NewReader(data), Options{OnProblem: func(p Problem) { probs = append(probs, p) }}), &probs)
		byLine := map[int]yielded{}
		for _, r := range recs {
			byLine[r.Line] = r
		}
		if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			data = data[3:]
		}
		for n, line := range bytes.Split(data, []byte{'\n'}) {
			line = bytes.TrimSuffix(line, []byte{'\r'})
			got, ok := byLine[n+1]
			if hasCtl(line) || bytes.Count(line, []byte("["))+bytes.Count(line, []byte("{")) >= DefaultMaxDepth {
				continue
			}
			isObj := json.Valid(line) && bytes.HasPrefix(bytes.TrimLeft(line, " \t\r"), []byte("{"))
			if ok != isObj {
				t.Fatalf("line %d %q: yielded %v, encoding/json object %v", n+1, line, ok, isObj)
			}
			if !ok || !utf8.Valid(line) {
				continue
			}
			want, unique := members(t, line)
			if !unique {
				continue
			}
			if len(want) != len(got.Values) {
				t.Fatalf("line %d: %d members, encoding/json %d", n+1, len(got.Values), len(want))
			}
			for i, w := range want {
				v := got.Values[i]
				if string(v.Key) != w.key || string(v.Raw) != w.raw || v.Kind != w.kind {
					t.Fatalf("line %d member %d: got %q=%s:%q, encoding/json %q=%s:%q", n+1, i, v.Key, v.Kind, v.Raw, w.key, w.kind, w.raw)
				}
			}
		}
	})
}

// hasCtl reports raw control bytes: inside strings this reader reports them
// but still yields the line, while encoding/json rejects it.
func hasCtl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

type member struct {
	key, raw string
	kind     Kind
}

// members decodes the top-level members of an object line with encoding/json.
func members(t *testing.T, line []byte) ([]member, bool) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		key := tok.(string)
		if seen[key] {
			return nil, false
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		m := member{key: key, raw: string(raw), kind: jsonKind(raw[0])}
		if raw[0] == '"' {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				t.Fatal(errors.Join(err, errors.New(string(raw))))
			}
			m.raw = s
		}
		out = append(out, m)
	}
	return out, true
}
