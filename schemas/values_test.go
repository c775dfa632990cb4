package schemas

import (
	"strings"
	"testing"
	"time"
)

func TestParseTimestamp(t *testing.T) {
	cases := []struct {
		in   string
		want TimeStatus
	}{
		{"2020-01-03T20:02:13Z", TimeOK},
		{"2022-03-16T18:42:24.488424Z", TimeOK},
		{"2022-03-16T18:42:24.1Z", TimeOK},
		{"2022-03-16T18:42:24.123456789Z", TimeOK},
		{"2022-03-16T18:42:24+00:00", TimeOK},
		{"2024-02-29T00:00:00Z", TimeOK},
		{"2022-03-16T18:42:24.1234567891Z", TimeBadFormat},
		{"2022-03-16T18:42:24.Z", TimeBadFormat},
		{"2022-03-16 18:42:24Z", TimeBadFormat},
		{"2022-03-16", TimeBadFormat},
		{"2022-03-16T18:42Z", TimeBadFormat},
		{"03/16/2022 18:42:24", TimeBadFormat},
		{"1647456144", TimeBadFormat},
		{"2022-03-16t18:42:24z", TimeBadFormat},
		{"2023-02-29T00:00:00Z", TimeBadCalendar},
		{"2023-02-30T00:00:00Z", TimeBadCalendar},
		{"2023-13-01T00:00:00Z", TimeBadCalendar},
		{"2023-01-01T24:00:00Z", TimeBadCalendar},
		{"2023-01-01T23:60:00Z", TimeBadCalendar},
		{"2023-01-01T23:59:60Z", TimeBadCalendar},
		{"2022-03-16T18:42:24", TimeNoZone},
		{"2022-03-16T18:42:24+02:00", TimeNotUTC},
		{"2022-03-16T18:42:24-00:00", TimeNotUTC},
		{"2022-03-16T18:42:24+0200", TimeBadFormat},
	}
	for _, c := range cases {
		_, got := ParseTimestamp([]byte(c.in))
		if got != c.want {
			t.Errorf("ParseTimestamp(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestParseTimestampInstant checks the arithmetic against the standard library.
func TestParseTimestampInstant(t *testing.T) {
	for _, s := range []string{"1970-01-01T00:00:00Z", "2000-02-29T23:59:59.5Z", "2022-03-16T18:42:24.488424Z", "1899-12-31T00:00:00Z", "2099-12-31T23:59:59.999999999Z", "2024-05-01T10:00:00+02:00"} {
		ns, _ := ParseTimestamp([]byte(s))
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		if ns != want.UnixNano() {
			t.Errorf("%s: got %d want %d", s, ns, want.UnixNano())
		}
	}
}

func TestNumbers(t *testing.T) {
	ints := map[string]bool{"0": true, "600": true, "-5": true, "007": true, "": false, "-": false, "1.0": false, "1e3": false, "+1": false, " 1": false, "1_000": false}
	for in, want := range ints {
		if got := IsInteger([]byte(in)); got != want {
			t.Errorf("IsInteger(%q) = %v", in, got)
		}
	}
	decs := map[string]bool{"129.45": true, "60": true, "-0.5": true, "60.00": true, ".5": false, "5.": false, "1e5": false, "$5": false, "1,000.00": false, "": false, "NaN": false}
	for in, want := range decs {
		if got := IsDecimal([]byte(in)); got != want {
			t.Errorf("IsDecimal(%q) = %v", in, got)
		}
	}
	for in, want := range map[string]bool{"-1": true, "-0": false, "-0.0": false, "-0.01": true, "1": false} {
		if got := IsNegative([]byte(in)); got != want {
			t.Errorf("IsNegative(%q) = %v", in, got)
		}
	}
}

func TestBuiltin(t *testing.T) {
	want := map[string]int{"call_center": 23, "transcripts": 5, "sales_attribution": 16}
	for id, n := range want {
		f, ok := Builtin(id)
		if !ok {
			t.Fatalf("feed %s missing", id)
		}
		if len(f.Fields) != n {
			t.Errorf("%s: %d fields, want %d (the spec's table)", id, len(f.Fields), n)
		}
	}
	tr, _ := Builtin("transcripts")
	if got := tr.Names(); got[0] != "conversation_externalId" || got[4] != "timestamp" {
		t.Errorf("transcripts columns out of spec order: %v", got)
	}
	cc, _ := Builtin("call_center")
	if i, _ := cc.Lookup("caller_account_value"); cc.Fields[i].Type != Decimal {
		t.Error("caller_account_value must be Decimal")
	}
}

func TestCompileErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"not json":       `{`,
		"no properties":  `{"type":"object","x-preflight-feed":{"id":"x"}}`,
		"bad type":       `{"type":"object","properties":{"a":{"type":"object"}}}`,
		"bad x-type":     `{"type":"object","properties":{"a":{"x-preflight-type":"Money"}}}`,
		"required ghost": `{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}`,
	} {
		if _, err := Compile("x", []byte(doc)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	f, err := Compile("tags", []byte(`{"type":"object","properties":{"z":{"type":"integer"},"a":{"type":"string","format":"date-time"},"m":{"type":["boolean","null"]}},"required":["z"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Names(); got[0] != "z" || got[1] != "a" || got[2] != "m" {
		t.Errorf("property order lost: %v", got)
	}
	if f.Fields[1].Type != Timestamp || f.Fields[2].Type != Bool || !f.Fields[0].Required {
		t.Errorf("types: %+v", f.Fields)
	}
}

// TestFreeText pins which built-in fields are text a person typed: only
// those are exempt from null/spelling.
func TestFreeText(t *testing.T) {
	want := map[string]bool{"transcripts.text": true, "call_center.disposition_notes": true, "call_center.survey_answer": true}
	for _, id := range BuiltinIDs() {
		f, _ := Builtin(id)
		for _, fl := range f.Fields {
			if key := id + "." + fl.Name; fl.FreeText != want[key] {
				t.Errorf("%s: FreeText = %v, want %v", key, fl.FreeText, want[key])
			}
		}
	}
	f, err := Compile("notes", []byte(`{"type":"object","properties":{"id":{"type":"string"},"customer_name":{"type":"string","x-preflight-free-text":true}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if f.Fields[0].FreeText || !f.Fields[1].FreeText {
		t.Errorf("x-preflight-free-text not read: %+v", f.Fields)
	}
}

func TestResolve(t *testing.T) {
	r := NewRegistry()
	for name, want := range map[string]string{"call_center": "call_center", "call_center_issues": "call_center", "CALL_CENTER_ISSUES": "call_center", "historical_transcripts": "transcripts", "sales": "sales_attribution"} {
		f, err := r.Resolve(name)
		if err != nil || f.ID != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", name, f, err, want)
		}
	}
	_, err := r.Resolve("nosuchfeed")
	if err == nil || err.Error() != r.UnknownFeed("nosuchfeed").Error() || !strings.Contains(err.Error(), "call_center, sales_attribution, transcripts") {
		t.Errorf("Resolve(nosuchfeed) error = %v", err)
	}
}
