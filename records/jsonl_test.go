package records

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestJSONL(t *testing.T) {
	type P = prob
	deep := `{"a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}"
	cases := []struct {
		name  string
		in    string
		recs  []rec
		probs []prob
		limit int
	}{
		{name: "empty file", in: ""},
		{name: "kinds", in: `{"s":"x","n":-0.5e+10,"t":true,"f":false,"z":null,"o":{"k":[1,{}]},"a":[ ]}` + "\n",
			recs: []rec{{1, 0, `{"s":"x","n":-0.5e+10,"t":true,"f":false,"z":null,"o":{"k":[1,{}]},"a":[ ]}`, []string{
				"s=string:x", "n=number:-0.5e+10", "t=boolean:true", "f=boolean:false", "z=null:null",
				`o=object:{"k":[1,{}]}`, "a=array:[ ]"}}}},
		{name: "escapes", in: `{"k\"ey":"a\\b\/\n\t\u00e9\ud83d\ude00\ud800x","e":""}`,
			recs: []rec{{1, 0, `{"k\"ey":"a\\b\/\n\t\u00e9\ud83d\ude00\ud800x","e":""}`, []string{
				"k\"ey=string:a\\b/\n\té😀\uFFFDx", "e=string:"}}}},
		{name: "whitespace and crlf", in: " { \"a\" : 1 , \"b\":\"é\" } \r\n{}\r\n",
			recs: []rec{{1, 0, ` { "a" : 1 , "b":"é" } `, []string{"a=number:1", "b=string:é"}}, {2, 26, "{}", nil}}},
		{name: "no trailing newline", in: "{}\n{\"a\":1}",
			recs: []rec{{1, 0, "{}", nil}, {2, 3, `{"a":1}`, []string{"a=number:1"}}}},
		{name: "blank lines", in: "{}\n\n  \t\n\r\n{}\n",
			recs:  []rec{{1, 0, "{}", nil}, {5, 10, "{}", nil}},
			probs: []P{{BlankLine, 2, 1, 3, ""}, {BlankLine, 3, 1, 4, ""}, {BlankLine, 4, 1, 8, ""}}},
		{name: "not object", in: "[1,2]\n\"s\"\n 42\nnull\n[1,\n{}\n",
			recs:  []rec{{6, 23, "{}", nil}},
			probs: []P{{NotObject, 1, 1, 0, ""}, {NotObject, 2, 1, 6, ""}, {NotObject, 3, 2, 11, ""}, {NotObject, 4, 1, 14, ""}, {Syntax, 5, 4, 22, ""}}},
		{name: "member syntax", in: "{\"a\":1 x}\n{\"é\":1} x\n{\"a\" 1}\n{a:1}\n{\"a\":1,}\n{\"a\":}\n{\"a\":\"abc\n{\"a\":\"\\q\"}\n{\"a\":tru}\n{\n",
			probs: []P{{Syntax, 1, 8, 7, ""}, {Syntax, 2, 9, 19, ""}, {Syntax, 3, 6, 26, ""}, {Syntax, 4, 2, 30, ""},
				{Syntax, 5, 8, 42, ""}, {Syntax, 6, 6, 49, ""}, {Syntax, 7, 10, 60, ""}, {Syntax, 8, 7, 67, ""},
				{Syntax, 9, 9, 80, ""}, {Syntax, 10, 2, 83, ""}}},
		{name: "numbers", in: "{\"n\":01}\n{\"n\":1.}\n{\"n\":.5}\n{\"n\":+1}\n{\"n\":-}\n{\"n\":1e}\n{\"n\":1e+}\n{\"n\":0,\"m\":1E5,\"o\":-0}\n",
			recs: []rec{{8, 63, `{"n":0,"m":1E5,"o":-0}`, []string{"n=number:0", "m=number:1E5", "o=number:-0"}}},
			probs: []P{{Syntax, 1, 7, 6, ""}, {Syntax, 2, 8, 16, ""}, {Syntax, 3, 6, 23, ""}, {Syntax, 4, 6, 32, ""},
				{Syntax, 5, 7, 42, ""}, {Syntax, 6, 8, 51, ""}, {Syntax, 7, 9, 61, ""}}},
		{name: "duplicate key", in: `{"a":1,"b":2,"a":"x"}`,
			recs:  []rec{{1, 0, `{"a":1,"b":2,"a":"x"}`, []string{"a=number:1", "b=number:2", "a=string:x"}}},
			probs: []P{{DuplicateKey, 1, 14, 13, "a"}}},
		{name: "duplicate key hashed", in: `{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k\u0032":0,"k9":1}`,
			recs: []rec{{1, 0, `{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k\u0032":0,"k9":1}`, []string{
				"k1=number:1", "k2=number:2", "k3=number:3", "k4=number:4", "k5=number:5", "k6=number:6", "k7=number:7",
				"k8=number:8", "k9=number:9", "k2=number:0", "k9=number:1"}}},
			probs: []P{{DuplicateKey, 1, 65, 64, "k2"}, {DuplicateKey, 1, 77, 76, "k9"}}},
		{name: "too deep", in: deep + "\n" + strings.Repeat("[", 10000) + "\n{\"ok\":[[1]]}\n",
			recs:  []rec{{3, int64(len(deep) + 10002), `{"ok":[[1]]}`, []string{"ok=array:[[1]]"}}},
			probs: []P{{TooDeep, 1, 69, 68, ""}, {TooDeep, 2, 65, int64(len(deep) + 1 + 64), ""}}},
		{name: "invalid utf8", in: "{\"a\":\"\xff\",\"é\xe6\":1}\n",
			recs:  []rec{{1, 0, "{\"a\":\"\xff\",\"é\xe6\":1}", []string{"a=string:\xff", "é\xe6=number:1"}}},
			probs: []P{{InvalidUTF8, 1, 7, 6, ""}}},
		{name: "invalid utf8 outside string", in: "{\"a\":1}\xff\n",
			probs: []P{{InvalidUTF8, 1, 8, 7, ""}, {Syntax, 1, 8, 7, ""}}},
		{name: "control chars", in: "{\"a\":\"x\ty\",\"b\":\"\x00\"}\n{\"c\":{\"d\":\"\x1b\"}}\n{\"é\":\"\x7f\"} \x01\n",
			recs: []rec{{1, 0, "{\"a\":\"x\ty\",\"b\":\"\x00\"}", []string{"a=string:x\ty", "b=string:\x00"}},
				{2, 20, "{\"c\":{\"d\":\"\x1b\"}}", []string{"c=object:{\"d\":\"\x1b\"}"}}},
			probs: []P{{ControlChar, 1, 8, 7, "a"}, {ControlChar, 2, 12, 31, "c"}, {ControlChar, 3, 7, 43, "é"}, {Syntax, 3, 11, 47, ""}}},
		{name: "bom", in: "\xEF\xBB\xBF{}\n", recs: []rec{{1, 3, "{}", nil}}, probs: []P{{BOM, 1, 1, 0, ""}}},
		{name: "too large", in: "{\"a\":\"" + strings.Repeat("x", 100) + "\"}\n{}\n", recs: []rec{{2, 109, "{}", nil}},
			probs: []P{{TooLarge, 1, 1, 0, ""}}, limit: 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withBufSizes(t, func(t *testing.T) {
				recs, probs := readJSONL(t, tc.in, Options{MaxRecordBytes: tc.limit})
				if !reflect.DeepEqual(recs, tc.recs) {
					t.Errorf("records\n got %+v\nwant %+v", recs, tc.recs)
				}
				if got := probList(probs); !reflect.DeepEqual(got, append([]prob{}, tc.probs...)) {
					t.Errorf("problems\n got %v\nwant %v", got, tc.probs)
					for _, p := range probs {
						t.Log(p.Msg)
					}
				}
			})
		})
	}
}

func TestJSONLMessages(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":1 x}`:          `expected ',' or '}' after object member, found 'x'`,
		`{"a":1} x`:          "trailing data after the JSON object: found 'x'",
		`{"a":01}`:           "leading zeros",
		`{"a":"\q"}`:         `invalid escape sequence \q`,
		`{"a":"\u12"}`:       "four hex digits",
		`{"a":[1 2]}`:        "expected ',' or ']' after array element, found '2'",
		`{"a":"x`:            "unterminated string",
		`[1]`:                "line holds a JSON array, not an object",
		`{"a":"` + "\n":      "unterminated string",
		`{"a":"` + "\x00\"}": "raw NUL (U+0000) inside a JSON string",
		`{"a":1,"a":2}`:      `duplicate key "a"`,
		`{"a":@}`:            "found '@'",
		"\xEF\xBB\xBF{}":     "strict JSON parsers reject the first line",
	} {
		_, probs := readJSONL(t, in, Options{})
		if len(probs) != 1 || !strings.Contains(probs[0].Msg, want) {
			t.Errorf("%q: got %v, want one problem saying %q", in, probs, want)
		}
		if len(probs) == 1 && strings.Contains(probs[0].Msg, "column") {
			t.Errorf("%q: JSONL has no columns: %q", in, probs[0].Msg)
		}
	}
}

func TestJSONLTooLarge(t *testing.T) {
	big := `{"a":"` + strings.Repeat("é", 5<<20/2) + `"}`
	in := "{}\n" + big + "\n{\"b\":2}\n" + big
	recs, probs := readJSONL(t, in, Options{MaxRecordBytes: 1 << 20})
	want := []prob{{TooLarge, 2, 1, 3, ""}, {TooLarge, 4, 1, int64(3 + len(big) + 9), ""}}
	if got := probList(probs); !reflect.DeepEqual(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	if len(recs) != 2 || recs[1].Line != 3 || recs[1].Raw != `{"b":2}` {
		t.Errorf("records %+v", recs)
	}
}

func TestJSONLValueOffsets(t *testing.T) {
	rd := NewJSONL(strings.NewReader(`{"é":"x", "b" : [1], "c":-2}`), Options{})
	r, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{6, 17, 26} {
		if r.Values[i].Off != want {
			t.Errorf("value %d at %d, want %d", i, r.Values[i].Off, want)
		}
	}
}

func TestJSONLAllocs(t *testing.T) {
	data := genJSONL(2000)
	rd := NewJSONL(bytes.NewReader(data), Options{OnProblem: func(Problem) {}})
	for range 100 {
		rd.Next()
	}
	if a := testing.AllocsPerRun(1000, func() { rd.Next() }); a != 0 {
		t.Errorf("%v allocations per record", a)
	}
}
