package records

import (
	"bytes"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestCSV(t *testing.T) {
	type P = prob
	cases := []struct {
		name  string
		in    string
		recs  []rec
		probs []prob
	}{
		{name: "empty file", in: "", recs: nil},
		{name: "header only", in: "a,b\n", recs: []rec{{1, 0, "a,b", []string{"a", "b"}}}},
		{name: "no trailing newline", in: "a,b\n1,2",
			recs: []rec{{1, 0, "a,b", []string{"a", "b"}}, {2, 4, "1,2", []string{"1", "2"}}}},
		{name: "empty fields", in: ",\n,x,\n",
			recs: []rec{{1, 0, ",", []string{"", ""}}, {2, 2, ",x,", []string{"", "x", ""}}}},
		{name: "quoted comma and doubled quotes", in: "\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n",
			recs: []rec{{1, 0, `"a,b","say ""hi""",""""`, []string{"q:a,b", `q:say "hi"`, `q:"`}}}},
		{name: "null forms", in: "NULL,\"NULL\",,\"\",null,NULLx\n",
			recs: []rec{{1, 0, `NULL,"NULL",,"",null,NULLx`, []string{"<null>", "q:NULL", "", "q:", "null", "NULLx"}}}},
		{name: "crlf", in: "a,b\r\n\"1\",2\r\n\"x\"\r\n",
			recs: []rec{{1, 0, "a,b", []string{"a", "b"}}, {2, 5, `"1",2`, []string{"q:1", "2"}}, {3, 12, `"x"`, []string{"q:x"}}}},
		{name: "blank lines skipped", in: "a\n\n\r\nb\n\n",
			recs: []rec{{1, 0, "a", []string{"a"}}, {4, 5, "b", []string{"b"}}}},
		{name: "multi-line quoted field", in: "id,text\n1,\"hello\nworld\",z\n2,x\n",
			recs: []rec{
				{1, 0, "id,text", []string{"id", "text"}},
				{2, 8, "1,\"hello\nworld\",z", []string{"1", "q:hello\nworld", "z"}},
				{4, 26, "2,x", []string{"2", "x"}},
			},
			probs: []P{{ControlChar, 2, 9, 16, ""}}},
		{name: "bom", in: "\xEF\xBB\xBFa,b\n1,2\n",
			recs:  []rec{{1, 3, "a,b", []string{"a", "b"}}, {2, 7, "1,2", []string{"1", "2"}}},
			probs: []P{{BOM, 1, 1, 0, ""}}},
		{name: "bom only", in: "\xEF\xBB\xBF", probs: []P{{BOM, 1, 1, 0, ""}}},
		{name: "bare quote counts runes", in: "😀,名,a\"b\nx\n",
			recs:  []rec{{2, 13, "x", []string{"x"}}},
			probs: []P{{Syntax, 1, 6, 10, ""}}},
		{name: "garbage after closing quote", in: "\"abc\"x,1\n2,3\n",
			recs:  []rec{{2, 9, "2,3", []string{"2", "3"}}},
			probs: []P{{Syntax, 1, 6, 5, ""}}},
		{name: "garbage after multi-line field", in: "1,\"a\nb\"c\nd\n",
			// Reported where the field opened; resync restarts at line 2,
			// where `b"c` has a bare quote.
			recs:  []rec{{3, 9, "d", []string{"d"}}},
			probs: []P{{Syntax, 1, 3, 2, ""}, {Syntax, 2, 2, 6, ""}}},
		{name: "unterminated quote reported where it opened", in: "a,b\n1,\"oops\n2,3\n4,5\n6,\"x\"\n",
			// The quote opened on line 2 "closes" at the quote that opens
			// line 5's field; the finding is on line 2, not 5.
			recs:  []rec{{1, 0, "a,b", []string{"a", "b"}}, {3, 12, "2,3", []string{"2", "3"}}, {4, 16, "4,5", []string{"4", "5"}}, {5, 20, `6,"x"`, []string{"6", "q:x"}}},
			probs: []P{{Syntax, 2, 3, 6, ""}}},
		{name: "unterminated quote resyncs", in: "a,b\n1,\"oops\n2,3\n4,5",
			recs:  []rec{{1, 0, "a,b", []string{"a", "b"}}, {3, 12, "2,3", []string{"2", "3"}}, {4, 16, "4,5", []string{"4", "5"}}},
			probs: []P{{Syntax, 2, 3, 6, ""}}},
		{name: "truncated mid-quote", in: "a,b\n1,\"half a val", recs: []rec{{1, 0, "a,b", []string{"a", "b"}}},
			probs: []P{{Syntax, 2, 3, 6, ""}}},
		{name: "nul byte", in: "a,b\x00c\n", recs: []rec{{1, 0, "a,b\x00c", []string{"a", "b\x00c"}}},
			probs: []P{{ControlChar, 1, 4, 3, ""}}},
		{name: "control char once per record", in: "\x01,\x02\n", recs: []rec{{1, 0, "\x01,\x02", []string{"\x01", "\x02"}}},
			probs: []P{{ControlChar, 1, 1, 0, ""}}},
		{name: "tab and del", in: "a\tb,\x7f\n", recs: []rec{{1, 0, "a\tb,\x7f", []string{"a\tb", "\x7f"}}},
			probs: []P{{ControlChar, 1, 5, 4, ""}}},
		{name: "lone cr", in: "a,b\rc\n", recs: []rec{{1, 0, "a,b\rc", []string{"a", "b\rc"}}},
			probs: []P{{ControlChar, 1, 4, 3, ""}}},
		{name: "crlf inside quotes", in: "\"a\r\nb\"\r\n", recs: []rec{{1, 0, "\"a\r\nb\"", []string{"q:a\r\nb"}}},
			probs: []P{{ControlChar, 1, 3, 2, ""}}},
		{name: "invalid utf8", in: "é,\"x\xffy\"\n", recs: []rec{{1, 0, "é,\"x\xffy\"", []string{"é", "q:x\xffy"}}},
			probs: []P{{InvalidUTF8, 1, 5, 5, ""}}},
		{name: "utf8 and control in order", in: "\x01\xff\n\xfe\x02\n",
			recs:  []rec{{1, 0, "\x01\xff", []string{"\x01\xff"}}, {2, 3, "\xfe\x02", []string{"\xfe\x02"}}},
			probs: []P{{ControlChar, 1, 1, 0, ""}, {InvalidUTF8, 1, 2, 1, ""}, {InvalidUTF8, 2, 1, 3, ""}, {ControlChar, 2, 2, 4, ""}}},
		{name: "truncated utf8 at eof", in: "ab\xe6\x97", recs: []rec{{1, 0, "ab\xe6\x97", []string{"ab\xe6\x97"}}},
			probs: []P{{InvalidUTF8, 1, 3, 2, ""}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withBufSizes(t, func(t *testing.T) {
				recs, probs := readCSV(t, tc.in, Options{})
				if !reflect.DeepEqual(recs, tc.recs) {
					t.Errorf("records\n got %+v\nwant %+v", recs, tc.recs)
				}
				if got := probList(probs); !reflect.DeepEqual(got, append([]prob{}, tc.probs...)) {
					t.Errorf("problems\n got %v\nwant %v", got, tc.probs)
				}
				for _, p := range probs {
					if p.Msg == "" {
						t.Errorf("problem %v has no message", p)
					}
				}
			})
		})
	}
}

func TestCSVComma(t *testing.T) {
	for _, tc := range []struct {
		comma byte
		in    string
		want  []rec
	}{
		{';', "a;\"b;c\";NULL;1,5\n", []rec{{1, 0, "a;\"b;c\";NULL;1,5", []string{"a", "q:b;c", "<null>", "1,5"}}}},
		{'\t', "a\t\"b\tc\"\t\n", []rec{{1, 0, "a\t\"b\tc\"\t", []string{"a", "q:b\tc", ""}}}},
		{'|', "a|b,c|\"\"\n", []rec{{1, 0, "a|b,c|\"\"", []string{"a", "b,c", "q:"}}}},
		// Only a separator that can be one: a quote or line end leaves the comma.
		{'"', "a,b\n", []rec{{1, 0, "a,b", []string{"a", "b"}}}},
	} {
		withBufSizes(t, func(t *testing.T) {
			recs, probs := readCSV(t, tc.in, Options{Comma: tc.comma})
			if !reflect.DeepEqual(recs, tc.want) || len(probs) != 0 {
				t.Errorf("Comma %q, %q:\n got %+v %v\nwant %+v", tc.comma, tc.in, recs, probs, tc.want)
			}
		})
	}
}

func TestCSVMessages(t *testing.T) {
	for in, want := range map[string]string{
		"a\"b\n":          "bare quote",
		"\"a\"x\n":        "unexpected 'x' after the closing quote",
		"\"a\n":           "unterminated quoted field",
		"\"a\nb\"\n":      "raw line feed (U+000A) inside a quoted value",
		"a\x00\n":         "raw NUL (U+0000) inside a value",
		"a\rb\n":          "carriage return (U+000D) not followed by a line feed",
		"a\xff\n":         "invalid UTF-8 byte 0xFF",
		"\xEF\xBB\xBFa\n": "byte-order mark",
	} {
		_, probs := readCSV(t, in, Options{})
		if len(probs) != 1 || !strings.Contains(probs[0].Msg, want) {
			t.Errorf("%q: got %v, want one problem saying %q", in, probs, want)
		}
	}
}

func TestCSVPosOnLaterLine(t *testing.T) {
	rd := NewCSV(strings.NewReader("h\n1,\"a\nbc, d\n😀é\",z\n"), Options{})
	rd.Next()
	r, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Values) != 3 || string(r.Values[1].Raw) != "a\nbc, d\n😀é" {
		t.Fatalf("values %+v", r.Values)
	}
	if line, col := r.Pos(r.Values[2].Off); line != 4 || col != 5 {
		t.Errorf("z at %d:%d, want 4:5", line, col)
	}
	if line, col := r.Pos(r.Values[1].Off); line != 2 || col != 3 {
		t.Errorf("quoted field at %d:%d, want 2:3", line, col)
	}
}

func TestCSVManyFields(t *testing.T) {
	const n = 100000
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		if i%2 == 0 {
			b.WriteString(`"q""x"`)
		} else {
			b.WriteString("v")
		}
	}
	b.WriteString("\nlast\n")
	recs, probs := readCSV(t, b.String(), Options{})
	if len(probs) != 0 || len(recs) != 2 || len(recs[0].Vals) != n || recs[1].Line != 2 {
		t.Fatalf("got %d records, %d problems", len(recs), len(probs))
	}
	if recs[0].Vals[0] != `q:q"x` || recs[0].Vals[n-1] != "v" {
		t.Errorf("values %q %q", recs[0].Vals[0], recs[0].Vals[n-1])
	}
}

func TestCSVTooLarge(t *testing.T) {
	big := strings.Repeat("x,", 5<<20/2)
	in := "a,b\n" + big + "\n1,2\n\"" + big + "\"\n3,4\n"
	recs, probs := readCSV(t, in, Options{MaxRecordBytes: 1 << 20})
	want := []prob{{TooLarge, 2, 1, 4, ""}, {TooLarge, 4, 1, int64(4 + len(big) + 5), ""}}
	if got := probList(probs); !reflect.DeepEqual(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	if len(recs) != 3 || recs[1].Line != 3 || recs[2].Line != 5 || recs[2].Raw != "3,4" {
		t.Errorf("records after the big lines: %d %v", len(recs), recs)
	}
}

func TestCSVTooLargeSmallLimit(t *testing.T) {
	withBufSizes(t, func(t *testing.T) {
		in := "1234567890\n12345678901\n\"1234\n4567\"\n\"1234567\n\n\n\n\n\n\nx\nok\n"
		recs, probs := readCSV(t, in, Options{MaxRecordBytes: 10})
		want := []prob{
			{TooLarge, 2, 1, 11, ""}, // complete, 11 bytes
			{TooLarge, 3, 1, 23, ""}, // complete, multi-line, 11 bytes
			{Syntax, 5, 1, 35, ""},   // quote still open at the limit
		}
		if got := probList(probs); !reflect.DeepEqual(got, want) {
			t.Errorf("problems %v, want %v", got, want)
		}
		var lines []int
		for _, r := range recs {
			lines = append(lines, r.Line)
		}
		if !reflect.DeepEqual(lines, []int{1, 12, 13}) {
			t.Errorf("record lines %v", lines)
		}
	})
}

func TestCSVMemoryBounded(t *testing.T) {
	// A 50 MB line under a 64 MB limit is read whole.
	big := bytes.Repeat([]byte("y"), 50<<20)
	in := io.MultiReader(strings.NewReader("\""), bytes.NewReader(big), strings.NewReader("\",1\n2\n"))
	rd := NewCSV(in, Options{})
	r, err := rd.Next()
	if err != nil || len(r.Values) != 2 || len(r.Values[0].Raw) != 50<<20 {
		t.Fatalf("big record: %v", err)
	}
	if r, err = rd.Next(); err != nil || r.Line != 2 {
		t.Fatalf("after big record: %v", err)
	}
	if cap(rd.s.buf) > 64<<20+2 {
		t.Errorf("buffer grew to %d", cap(rd.s.buf))
	}
}

func TestCSVGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("\",\r\nNUL\x00\xff\xe6a ")
	for i := range 2000 {
		n := rng.IntN(300)
		b := make([]byte, n)
		for k := range b {
			if i%2 == 0 {
				b[k] = byte(rng.Uint32())
			} else {
				b[k] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		old := bufSize
		bufSize = 1 + rng.IntN(40)
		readCSV(t, string(b), Options{MaxRecordBytes: 1 + rng.IntN(100)})
		readJSONL(t, string(b), Options{MaxRecordBytes: 1 + rng.IntN(100), MaxDepth: 1 + rng.IntN(5)})
		bufSize = old
	}
}

// TestCSVResyncBounded makes sure resynchronising after broken quotes stays
// linear. It counts the bytes the parser looked at, rescans included, so
// the bound holds exactly and no clock or machine load enters (a clock
// with tick resolution once failed it). A buffer grown by a fixed step
// instead of doubled looks at over a hundred times the input here.
func TestCSVResyncBounded(t *testing.T) {
	old := bufSize
	bufSize = 4096 // so that records outgrow the buffer and are parsed again
	defer func() { bufSize = old }()
	const size = 1 << 20
	inputs := []string{"\"" + strings.Repeat("a,b\n", size/4)} // a quote never closed
	for _, unit := range []string{"\"\n", "\"a\n", "\"\"\"\n", "a,\"\n\"\"\n", "\"x\"y\n", "\"\n\"\"\n", "x\"\n"} {
		inputs = append(inputs, strings.Repeat(unit, size/len(unit)))
	}
	for _, in := range inputs {
		for _, limit := range []int{0, 4096} {
			rd := NewCSV(strings.NewReader(in), Options{MaxRecordBytes: limit, OnProblem: func(Problem) {}})
			for {
				if _, err := rd.Next(); err != nil {
					break
				}
			}
			if rd.scanned > 8*int64(len(in)) { // growing the buffer by doubling rescans about 4 times
				t.Errorf("%q... limit %d: looked at %d bytes of a %d-byte input", in[:8], limit, rd.scanned, len(in))
			}
		}
	}
}

func TestCSVAllocs(t *testing.T) {
	for _, comma := range []byte{',', ';'} {
		data := genCSV(2000)
		if comma != ',' {
			// Not a faithful conversion (commas inside quotes change too),
			// but every row still parses: enough to count allocations.
			data = bytes.ReplaceAll(data, []byte{','}, []byte{comma})
		}
		rd := NewCSV(bytes.NewReader(data), Options{Comma: comma, OnProblem: func(Problem) {}})
		for range 100 { // warm up: grow the value slice and arena
			rd.Next()
		}
		if a := testing.AllocsPerRun(1000, func() { rd.Next() }); a != 0 {
			t.Errorf("separator %q: %v allocations per record", comma, a)
		}
	}
}

// TestCSVMatchesStdlib compares with encoding/csv on generated data where
// the two must agree.
func TestCSVMatchesStdlib(t *testing.T) {
	data := genCSV(3000)
	recs, probs := readCSV(t, string(data), Options{})
	if len(probs) != 0 {
		t.Fatalf("problems on generated data: %v", probs[0])
	}
	checkAgainstStdlib(t, data, recs)
}

func checkAgainstStdlib(t *testing.T, data []byte, recs []rec) {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	want, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv: %v", err)
	}
	if len(want) != len(recs) {
		t.Fatalf("%d records, encoding/csv has %d", len(recs), len(want))
	}
	for i, w := range want {
		var got []string
		for _, v := range recs[i].Vals {
			got = append(got, strings.TrimPrefix(strings.Replace(v, "<null>", "NULL", 1), "q:"))
		}
		if !reflect.DeepEqual(got, w) {
			t.Fatalf("record %d: got %q, encoding/csv %q", i, got, w)
		}
	}
}

// TestSizeHint: a hint sizes the first buffer only; a wrong one (far too
// small, or larger than the input) reads exactly what no hint reads.
func TestSizeHint(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,text\n")
	for i := 0; b.Len() < 200<<10; i++ {
		b.WriteString("1,\"a quoted, multi\nline value\"\n2,plain\n")
	}
	in := b.String()
	want, wantProbs := readCSV(t, in, Options{})
	for _, hint := range []int64{1, 600, int64(len(in)), int64(len(in)) + 1, 10 << 20} {
		got, probs := readCSV(t, in, Options{SizeHint: hint})
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(probList(probs), probList(wantProbs)) {
			t.Errorf("SizeHint %d: %d records, %d problems; want %d and %d", hint, len(got), len(probs), len(want), len(wantProbs))
		}
	}
	c := NewCSV(strings.NewReader(in), Options{SizeHint: 600})
	if n := len(c.s.buf); n != 601 {
		t.Errorf("SizeHint 600: first buffer %d bytes, want 601", n)
	}
}
