package fix

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/rules"
)

const callsHeader = "customer_id,call_start,call_end,survey_offered,time_in_queue,caller_account_value,disposition_notes\n"

func TestCSVRepairs(t *testing.T) {
	tests := []struct {
		name, in, want string
		opt            Options
	}{
		{"free text keeps None", callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,None\n", "", Options{}},
		{"a required null stays (schema/required)", callsHeader + "None,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,x\n", "", Options{}},
		{"an empty required value is still NULL", callsHeader + ",2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,x\n",
			callsHeader + "NULL,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,x\n", Options{}},
		{"quoted empty is NULL", callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,\"\",1,2.5,x\n",
			callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,1,2.5,x\n", Options{}},
		{"1 and yes are not booleans", callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,1,1,2.5,x\n", "", Options{}},
		{"no zone without --assume-tz", callsHeader + "c-1,2024-05-01 08:00:00,2024-05-01T08:10:00Z,true,1,2.5,x\n",
			callsHeader + "c-1,2024-05-01T08:00:00,2024-05-01T08:10:00Z,true,1,2.5,x\n", Options{}},
		{"no zone with --assume-tz", callsHeader + "c-1,2024-05-01 08:00:00,2024-05-01T08:10:00Z,true,1,2.5,x\n",
			callsHeader + "c-1,2024-05-01T12:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,x\n", Options{AssumeTZ: mustZone(t, "America/New_York")}},
		{"a quoted value keeps its quotes", callsHeader + "\"c-1\",2024-05-01T08:00:00+01:00,\"2024-05-01T08:10:00Z\",true,1,2.5,\"a, b\"\n",
			callsHeader + "\"c-1\",2024-05-01T07:00:00Z,\"2024-05-01T08:10:00Z\",true,1,2.5,\"a, b\"\n", Options{}},
		{"a row with the wrong field count is kept", callsHeader + "c-1,None,2024-05-01T08:10:00Z\n", "", Options{}},
		{"no final line end", callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,TRUE,1,2.5,x",
			callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,x", Options{}},
		{"wrong-case header", "Customer_ID,call_start,call_end\nc-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n",
			"customer_id,call_start,call_end\nc-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n", Options{}},
		{"no header", "c-1,c,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL\n",
			"customer_id,conversation_id,call_start,call_end,call_assigned_to_agent,customer_type,survey_offered,survey_taken,survey_answer,toll_free_number,ivr_intent,ivr_resolved,ivr_abandoned,agent_queue_assigned,time_in_queue,queue_abandoned,call_handle_time,call_wrap_time,transfer,disposition_category,disposition_notes,transaction_completed,caller_account_value\n" +
				"c-1,c,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL\n", Options{}},
		{"semicolons", "customer_id;call_start;call_end;customer_type\nc-1;2024-05-01T08:00:00Z;2024-05-01T08:10:00Z;Wireless, Premier\n",
			"customer_id,call_start,call_end,customer_type\nc-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,\"Wireless, Premier\"\n", Options{}},
		{"a blank line and a broken line are kept", callsHeader + "\nc-1,2024-05-01T08:00:00Z,\"x\"y,true,1,2.5,x\r\nc-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,True,1,2.5,x\r\n",
			callsHeader + "\nc-1,2024-05-01T08:00:00Z,\"x\"y,true,1,2.5,x\r\nc-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,x\r\n", Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = tt.in
			}
			_, got := fixOne(t, "calls.csv", tt.in, tt.opt)
			if got != want {
				t.Errorf("got:\n%q\nwant:\n%q", got, want)
			}
		})
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skip("no zone database:", err)
	}
	return loc
}

func TestJSONLRepairs(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"nulls, numbers, booleans",
			`{"customer_id":"c-1","conversation_id":"NULL","call_start":"2024-05-01 10:00:00+02:00","call_end":"2024-05-01T08:10:00Z","survey_offered":"TRUE","time_in_queue":"007","caller_account_value":" 12.50","customer_type":"None"}` + "\n",
			`{"customer_id":"c-1","conversation_id":null,"call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z","survey_offered":true,"time_in_queue":7,"caller_account_value":12.50,"customer_type":null}` + "\n"},
		{"a number in a String field", `{"customer_id":1001, "call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}` + "\r\n",
			`{"customer_id":"1001", "call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}` + "\r\n"},
		{"blank lines go, a broken line stays", "\n" + `{"customer_id":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}` + "\n  \n{oops\n",
			`{"customer_id":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}` + "\n{oops\n"},
		{"a key in another case", `{"Customer_ID":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z","x":{"a":[1, 2]}}` + "\n",
			`{"customer_id":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z","x":{"a":[1, 2]}}` + "\n"},
		{"escapes kept, a key's own twin not renamed", `{"customer_id":"c\u002d1","CUSTOMER_ID":"c-2","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}` + "\n", ""},
		{"a BOM", "\xEF\xBB\xBF" + `{"customer_id":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}`,
			`{"customer_id":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = tt.in
			}
			_, got := fixOne(t, "calls.jsonl", tt.in, Options{})
			if got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestRoleMap(t *testing.T) {
	in := trHeader + "c1,u1,User,hi,2024-05-01T10:00:00Z\nc1,a1,rep,hello,2024-05-01T10:00:01Z\nc1,b1,system,bye,2024-05-01T10:00:02Z\n"
	_, got := fixOne(t, "t.csv", in, Options{})
	if got != in {
		t.Errorf("without --role-map a synonym changed:\n%s", got)
	}
	res, got := fixOne(t, "t.csv", in, Options{RoleMap: map[string]string{"user": "customer", "rep": "agent"}})
	want := trHeader + "c1,u1,customer,hi,2024-05-01T10:00:00Z\nc1,a1,agent,hello,2024-05-01T10:00:01Z\nc1,b1,system,bye,2024-05-01T10:00:02Z\n"
	if got != want {
		t.Errorf("got:\n%s", got)
	}
	if n := countOf(res.Check, rules.TranscriptRole); n != 1 {
		t.Errorf("%d sender-role findings left, want 1 (system)", n)
	}
}

func TestFromEncoding(t *testing.T) {
	cafe := callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,Caf\xE9 \xE2\x82\xAC \x80\n"
	_, got := fixOne(t, "calls.csv", cafe, Options{})
	if got != cafe {
		t.Errorf("bytes changed without --from-encoding")
	}
	res, got := fixOne(t, "calls.csv", cafe, Options{FromEncoding: "windows-1252"})
	// Valid UTF-8 (the euro sign) is left alone; each invalid byte is read as windows-1252.
	if want := callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,Café € €\n"; got != want {
		t.Errorf("windows-1252: got %q", got)
	}
	if n := changesOf(res, rules.EncodingUTF8); n != 2 {
		t.Errorf("%d encoding/utf8 changes, want 2", n)
	}
	_, got = fixOne(t, "calls.csv", cafe, Options{FromEncoding: "latin1"})
	if want := callsHeader + "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,Café € \u0080\n"; got != want {
		t.Errorf("latin1: got %q", got)
	}
	// UTF-16 with its byte-order mark, little endian.
	text := "customer_id,call_start,call_end\nc-é,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n"
	u16 := []byte{0xFF, 0xFE}
	for _, r := range text {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	res, got = fixOne(t, "calls.csv", string(u16), Options{FromEncoding: "utf-16"})
	if got != text || len(res.Check.Findings) != 0 {
		t.Errorf("utf-16: got %q, findings %+v", got, res.Check.Findings)
	}
	_, again := fixOne(t, "calls.csv", got, Options{FromEncoding: "utf-16"})
	if again != got {
		t.Errorf("a second utf-16 fix changed UTF-8 text: %q", again)
	}
}

// TestInPlace: the input is replaced only once its copy is re-checked,
// keeps its permissions, and is not touched when nothing changes.
func TestInPlace(t *testing.T) {
	dir := t.TempDir()
	messyPath, cleanPath := filepath.Join(dir, "calls.csv"), filepath.Join(dir, "clean.csv")
	clean := "customer_id,call_start,call_end\nc-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n"
	writeTree(t, dir, map[string]string{"calls.csv": messy["calls.csv"], "clean.csv": clean})
	if err := os.Chmod(messyPath, 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(cleanPath, old, old); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), []string{dir}, Options{InPlace: true})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(messyPath)
	if string(got) != messyFixed["calls.csv"] {
		t.Errorf("replaced with:\n%s", got)
	}
	if st, _ := os.Stat(messyPath); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 as the input had", st.Mode().Perm())
	}
	if st, _ := os.Stat(cleanPath); !st.ModTime().Equal(old) {
		t.Errorf("an unchanged file was rewritten")
	}
	if len(res.Files) != 2 || !res.Files[1].Unchanged {
		t.Errorf("files: %+v", res.Files)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// TestPaths: a directory is mirrored, and --to jsonl renames format=csv
// segments and extensions.
func TestPaths(t *testing.T) {
	for _, tt := range []struct{ rel, to, want string }{
		{"call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv", "jsonl", "call_center_issues/version=1/format=jsonl/dt=2024-05-01/calls.jsonl"},
		{"t/version=1/format=snapshot_csv/dt=2024-05-01/t.CSV", "jsonl", "t/version=1/format=snapshot_jsonl/dt=2024-05-01/t.jsonl"},
		{"a/format=csv/b.txt", "jsonl", "a/format=jsonl/b.jsonl"},
		{"a/b.jsonl", "jsonl", "a/b.jsonl"},
		{"a/format=csv/b.csv", "", "a/format=csv/b.csv"},
	} {
		if got := filepath.ToSlash(renamed(filepath.FromSlash(tt.rel), tt.to)); got != tt.want {
			t.Errorf("renamed(%q, %q) = %q, want %q", tt.rel, tt.to, got, tt.want)
		}
	}
	src := filepath.Join(t.TempDir(), "exports")
	writeTree(t, src, map[string]string{"call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv": messy["calls.csv"]})
	out := t.TempDir()
	res, err := Run(context.Background(), []string{src}, Options{OutDir: out, To: "jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	if _, ok := got["call_center_issues/version=1/format=jsonl/dt=2024-05-01/calls.jsonl"]; !ok || len(got) != 1 {
		t.Errorf("copies: %v", got)
	}
	// The copy sits in the layout, so the partition rules ran on it.
	if !strings.Contains(strings.Join(res.Check.Files[0].Rules, " "), rules.PartitionWindow) {
		t.Errorf("partition/window did not run on the copy: %v", res.Check.Files[0].Rules)
	}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.csv": messy["calls.csv"], "b.csv": messy["calls.csv"], "mystery.csv": "a,b\n1,2\n"})
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	for _, tt := range []struct {
		name  string
		paths []string
		opt   Options
		msg   string
	}{
		{"no output", []string{a}, Options{}, "exactly one of"},
		{"two outputs", []string{a}, Options{OutDir: dir, Output: "x.csv"}, "exactly one of"},
		{"-o with two files", []string{a, b}, Options{Output: "x.csv"}, "-o names one copy"},
		{"over its input", []string{a}, Options{OutDir: dir}, "overwrite"},
		{"out inside the input", []string{dir}, Options{OutDir: filepath.Join(dir, "fixed")}, "inside the input directory"},
		{"in-place stdin", []string{"-"}, Options{InPlace: true}, "stdin"},
		{"stdin under --out", []string{"-"}, Options{OutDir: t.TempDir()}, "stdin"},
		{"in-place to another format", []string{a}, Options{InPlace: true, To: "jsonl"}, "--in-place keeps"},
		{"no such file", []string{filepath.Join(dir, "nope.csv")}, Options{OutDir: t.TempDir()}, "no such file"},
		{"bad --to", []string{a}, Options{OutDir: t.TempDir(), To: "xml"}, "--to"},
		{"bad encoding", []string{a}, Options{OutDir: t.TempDir(), FromEncoding: "ebcdic"}, "--from-encoding"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.paths, tt.opt)
			if !rules.IsUsage(err) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want a usage error about %q", err, tt.msg)
			}
		})
	}
}

// TestUnknownFeed: a file whose feed nothing tells is copied as it is,
// and the re-check says so (file/unknown-feed), as check does.
func TestUnknownFeed(t *testing.T) {
	res, out := fixTree(t, map[string]string{"mystery.csv": "a,b\n1,2\n"}, Options{})
	if out["mystery.csv"] != "a,b\n1,2\n" || countOf(res.Check, rules.FileUnknownFeed) != 1 {
		t.Errorf("copy %q, findings %+v", out["mystery.csv"], res.Check.Findings)
	}
}

// TestUnreadable: a file that cannot be read is reported; the others are
// still repaired and written.
func TestUnreadable(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads anything")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.csv": messy["calls.csv"], "b.csv": messy["calls.csv"]})
	if err := os.Chmod(filepath.Join(dir, "a.csv"), 0); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := Run(context.Background(), []string{dir}, Options{OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errs() == nil || readTree(t, out)["b.csv"] != messyFixed["calls.csv"] {
		t.Errorf("errs %v, copies %v", res.Errs(), readTree(t, out))
	}
}

// TestTooLongUnreadable: an unreadable stretch longer than fix carries in
// memory fails that file, with a message, not the machine.
func TestTooLongUnreadable(t *testing.T) {
	defer setVar(&maxGap, 1<<20)()
	dir := t.TempDir()
	big := callsHeader + "\"never closed" + strings.Repeat(" and on", 400_000) + "\n"
	writeTree(t, dir, map[string]string{"a.csv": big, "b.csv": messy["calls.csv"]})
	out := t.TempDir()
	res, err := Run(context.Background(), []string{dir}, Options{OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Errs(); err == nil || !strings.Contains(err.Error(), "too long to carry through") {
		t.Errorf("errs = %v", err)
	}
	if got := readTree(t, out); len(got) != 1 || got["b.csv"] != messyFixed["calls.csv"] {
		t.Errorf("copies: %v", got)
	}
}

// TestFailedFileIsNoOriginal: a record is not dropped as a copy of one in
// a file that could not be repaired (and so is not written).
func TestFailedFileIsNoOriginal(t *testing.T) {
	defer setVar(&maxGap, 1<<20)()
	row := "c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1,2.5,x\n"
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.csv": callsHeader + row + "\"never closed" + strings.Repeat(" and on", 400_000) + "\n",
		"b.csv": callsHeader + row,
	})
	out := t.TempDir()
	res, err := Run(context.Background(), []string{dir}, Options{OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errs() == nil {
		t.Fatal("a.csv did not fail")
	}
	if got := readTree(t, out)["b.csv"]; got != callsHeader+row {
		t.Errorf("b.csv lost its record to a file that was not written:\n%s", got)
	}
}

// TestToCSV: --to csv writes JSONL as CSV under the feed's columns and
// the other keys', typed values as their literals, NULL where a value is
// missing, null or an empty string; a file with a key twice in an object
// is not converted.
func TestToCSV(t *testing.T) {
	in := `{"customer_id":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z","time_in_queue":600,"survey_offered":true,"note":{"a":[1,"b"]},"customer_type":""}` + "\n" +
		`{"Customer_ID":"c-2","call_start":"2024-05-01 10:00:00+02:00","call_end":"2024-05-01T08:10:00Z","caller_account_value":60.00,"customer_type":"Wireless, Premier","extra":"x"}` + "\n"
	res, out := fixTree(t, map[string]string{"calls.jsonl": in}, Options{To: "csv"})
	got := out["calls.csv"]
	want := "customer_id,conversation_id,call_start,call_end,call_assigned_to_agent,customer_type,survey_offered,survey_taken,survey_answer,toll_free_number,ivr_intent,ivr_resolved,ivr_abandoned,agent_queue_assigned,time_in_queue,queue_abandoned,call_handle_time,call_wrap_time,transfer,disposition_category,disposition_notes,transaction_completed,caller_account_value,note,extra\n" +
		`c-1,NULL,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,NULL,true,NULL,NULL,NULL,NULL,NULL,NULL,NULL,600,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,"{""a"":[1,""b""]}",NULL` + "\n" +
		`c-2,NULL,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,"Wireless, Premier",NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,60.00,NULL,x` + "\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	for _, f := range res.Check.Findings {
		if f.Rule != rules.SchemaUnknownColumn {
			t.Errorf("left: %+v", f)
		}
	}
	_, again := fixTree(t, out, Options{})
	if again["calls.csv"] != got {
		t.Errorf("a second fix changed the CSV:\n%s", again["calls.csv"])
	}
	twice := `{"customer_id":"c-1","customer_id":"c-2","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}` + "\n"
	res, out = fixTree(t, map[string]string{"calls.jsonl": twice}, Options{To: "csv"})
	if err := res.Errs(); err == nil || !strings.Contains(err.Error(), "twice") || len(out) != 0 {
		t.Errorf("errs %v, copies %v", err, out)
	}
}

// TestManyRemaining: when the re-check keeps more findings than fit in
// memory (the engine then holds them on disk), every one is still
// reported, under the copy's name.
func TestManyRemaining(t *testing.T) {
	var b strings.Builder
	b.WriteString("customer_id,call_start,call_end\n")
	const rows = 70_000
	for i := range rows {
		at := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second).Format(time.RFC3339)
		fmt.Fprintf(&b, "None,%s,%s\n", at, at) // every row different: none is a copy
	}
	res, out := fixTree(t, map[string]string{"calls.csv": b.String()}, Options{Check: rules.Options{MaxPerRule: -1}})
	if len(out) != 1 {
		t.Fatalf("copies: %d", len(out))
	}
	var rep bytes.Buffer
	if err := res.WriteReport(&rep, "json", ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Remaining []struct {
			Rule string `json:"rule"`
			File string `json:"file"`
		} `json:"remaining"`
	}
	if err := json.Unmarshal(rep.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range doc.Remaining {
		if f.Rule == rules.SchemaRequired && strings.HasSuffix(f.File, "/out/calls.csv") {
			n++
		}
	}
	if n != rows {
		t.Errorf("%d schema/required findings on the copy reported, want %d (of %d)", n, rows, len(doc.Remaining))
	}
}
