package gen

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// kinds of the non-string fields, for type checks in both formats.
var fieldKinds = map[string]string{
	"call_start": "ts", "call_end": "ts", "call_assigned_to_agent": "ts",
	"timestamp": "ts", "transaction_time": "ts",
	"survey_offered": "bool", "survey_taken": "bool", "ivr_resolved": "bool",
	"ivr_abandoned": "bool", "queue_abandoned": "bool",
	"time_in_queue": "int", "call_handle_time": "int", "call_wrap_time": "int", "product_quantity": "int",
	"caller_account_value": "dec", "transaction_value_one_time": "dec", "transaction_value_recurring": "dec",
	"product_value_one_time": "dec", "product_value_recurring": "dec",
}

var (
	isoUTC  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$`)
	decimal = regexp.MustCompile(`^\d+\.\d\d$`)
)

const nullValue = "\x00null" // sentinel: cannot occur in generated text

// record is one parsed row: column -> value, nulls as nullValue.
type record map[string]string

func generate(t *testing.T, feed, format string, size, seed int64, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, feed, format, size, seed, opt); err != nil {
		t.Fatalf("Write(%s, %s): %v", feed, format, err)
	}
	return buf.Bytes()
}

// parse reads data back with the standard library and checks the shape
// every feed shares: columns in spec order, types, nulls, encoding.
func parse(t *testing.T, feed, format string, data []byte) []record {
	t.Helper()
	cols, _ := Columns(feed)
	if !utf8.Valid(data) {
		t.Fatal("output is not valid UTF-8")
	}
	if bytes.Contains(data, []byte(`"NULL"`)) {
		t.Error(`quoted "NULL" found; nulls must be unquoted`)
	}
	var recs []record
	if format == "csv" {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = len(cols)
		header, err := cr.Read()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(header, ",") != strings.Join(cols, ",") {
			t.Fatalf("header = %v, want %v", header, cols)
		}
		for {
			row, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			rec := record{}
			for i, v := range row {
				if v == "" {
					t.Fatalf("empty field %s in %v", cols[i], row)
				}
				if v == "NULL" {
					v = nullValue
				}
				rec[cols[i]] = v
				checkKind(t, cols[i], v, nil)
			}
			recs = append(recs, rec)
		}
		return recs
	}

	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		// Key order: walk the tokens of the object.
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("line is not an object: %s", line)
		}
		rec := record{}
		for i := 0; dec.More(); i++ {
			tok, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			if i >= len(cols) || tok != cols[i] {
				t.Fatalf("key %d = %v, want spec order %v", i, tok, cols)
			}
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			var s string
			switch v := v.(type) {
			case nil:
				s = nullValue
			case string:
				s = v
			case bool:
				s = strconv.FormatBool(v)
			case json.Number:
				s = v.String()
			default:
				t.Fatalf("unexpected JSON value %T in %s", v, line)
			}
			rec[cols[i]] = s
			checkKind(t, cols[i], s, v)
		}
		if len(rec) != len(cols) {
			t.Fatalf("got %d keys, want %d: %s", len(rec), len(cols), line)
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}

// checkKind checks a value's type; jv is the decoded JSON value (nil for CSV).
func checkKind(t *testing.T, col, s string, jv any) {
	t.Helper()
	if s == nullValue {
		return
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			t.Fatalf("%s: control character in %q", col, s)
		}
	}
	kind := fieldKinds[col]
	ok := true
	switch kind {
	case "ts":
		_, err := time.Parse(time.RFC3339Nano, s)
		ok = err == nil && isoUTC.MatchString(s)
	case "bool":
		ok = s == "true" || s == "false"
		if jv != nil {
			_, ok = jv.(bool)
		}
	case "int":
		n, err := strconv.ParseInt(s, 10, 64)
		ok = err == nil && n >= 0
	case "dec":
		ok = decimal.MatchString(s)
	}
	if jv != nil && (kind == "int" || kind == "dec") {
		_, isNum := jv.(json.Number)
		ok = ok && isNum
	}
	if jv != nil && kind != "int" && kind != "dec" && kind != "bool" {
		_, isStr := jv.(string)
		ok = ok && isStr
	}
	if !ok {
		t.Fatalf("%s = %q (%T): not a valid %s", col, s, jv, kind)
	}
}

func ts(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFeedsParseAndAreValid(t *testing.T) {
	for _, feed := range Feeds {
		for _, format := range []string{"csv", "jsonl"} {
			t.Run(feed+"/"+format, func(t *testing.T) {
				data := generate(t, feed, format, 2<<20, 7, Options{})
				if n := int64(len(data)); n < 2<<20 || n > 2<<20+8<<10 {
					t.Errorf("size %d, want about %d", n, 2<<20)
				}
				recs := parse(t, feed, format, data)
				seen := map[string]bool{}
				for _, r := range recs {
					key := strings.Join(flatten(r, feed), "\x01")
					if seen[key] {
						t.Fatalf("duplicate record %v", r)
					}
					seen[key] = true
				}
				switch feed {
				case Transcripts:
					checkTranscripts(t, recs)
				case CallCenter:
					checkCallCenter(t, recs)
				case SalesAttribution:
					checkSales(t, recs)
				}
			})
		}
	}
}

func flatten(r record, feed string) []string {
	cols, _ := Columns(feed)
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = r[c]
	}
	return out
}

func checkTranscripts(t *testing.T, recs []record) {
	type conv struct {
		roles    map[string]string
		last     time.Time
		hasCust  bool
		hasAgent bool
		text     []string // role:text
		timed    []string // role:text@timestamp
	}
	nullish, botRepeats := 0, 0
	var prevRole, prevText string
	convs := map[string]*conv{}
	var order []string
	prev := ""
	months := map[string]int{}
	for _, r := range recs {
		id := r["conversation_externalId"]
		c := convs[id]
		if c == nil {
			c = &conv{roles: map[string]string{}}
			convs[id] = c
			order = append(order, id)
			months[r["timestamp"][:7]]++
		} else if id != prev {
			t.Fatalf("conversation %s resumes after another one", id)
		}
		prev = id
		role, sender := r["sender_role"], r["sender_externalId"]
		switch role {
		case "customer":
			c.hasCust = true
		case "agent", "bot":
			c.hasAgent = true
		default:
			t.Fatalf("bad role %q", role)
		}
		if old, ok := c.roles[sender]; ok && old != role {
			t.Fatalf("sender %s is %s and %s in conversation %s", sender, old, role, id)
		}
		c.roles[sender] = role
		tm := ts(t, r["timestamp"])
		if !c.last.IsZero() && !tm.After(c.last) {
			t.Fatalf("conversation %s: timestamp %s not after %s", id, tm, c.last)
		}
		c.last = tm
		if strings.TrimSpace(r["text"]) == "" {
			t.Fatal("empty text")
		}
		c.text = append(c.text, role+":"+r["text"])
		c.timed = append(c.timed, role+":"+r["text"]+"@"+r["timestamp"])
		if role == "customer" && (r["text"] == "None" || r["text"] == "N/A") {
			nullish++
		}
		if role == "bot" && r["text"] == prevText && prevRole == "bot" {
			botRepeats++
		}
		prevRole, prevText = role, r["text"]
	}
	templates := map[string]bool{}
	for _, chat := range templateChats {
		var lines []string
		for _, m := range chat {
			lines = append(lines, m.role+":"+m.text)
		}
		templates[strings.Join(lines, "\n")] = true
	}
	bodies, timed := map[string]string{}, map[string]string{}
	recurring, short := 0, 0
	for _, id := range order {
		c := convs[id]
		if n := len(c.text); n < 2 || n > 40 {
			t.Errorf("conversation %s has %d messages", id, n)
		} else if n < 5 {
			short++
		}
		if !c.hasCust || !c.hasAgent {
			t.Errorf("conversation %s is single-party", id)
		}
		// Only template chats recur word for word, and never at the same times.
		body := strings.Join(c.text, "\n")
		if other, ok := bodies[body]; ok {
			if !templates[body] {
				t.Errorf("conversations %s and %s are identical", other, id)
			}
			recurring++
		}
		bodies[body] = id
		if other, ok := timed[strings.Join(c.timed, "\n")]; ok {
			t.Errorf("conversations %s and %s are the same transcript", other, id)
		}
		timed[strings.Join(c.timed, "\n")] = id
	}
	// What real exports have must be there to test against.
	if recurring == 0 || short == 0 || nullish == 0 || botRepeats == 0 {
		t.Errorf("recurring template chats %d, short chats %d, None/N/A replies %d, repeated bot lines %d: want some of each",
			recurring, short, nullish, botRepeats)
	}
	if len(months) < 12 {
		t.Errorf("conversations span %d months, want >= 12", len(months))
	}
	for m, n := range months {
		if n*4 > len(order) {
			t.Errorf("month %s holds %d of %d conversations", m, n, len(order))
		}
	}
}

func checkCallCenter(t *testing.T, recs []record) {
	for _, r := range recs {
		start, end := ts(t, r["call_start"]), ts(t, r["call_end"])
		if !end.After(start) {
			t.Fatalf("call_end %s not after call_start %s", end, start)
		}
		if a := r["call_assigned_to_agent"]; a != nullValue {
			at := ts(t, a)
			if !at.After(start) || !end.After(at) {
				t.Fatalf("call_assigned_to_agent %s outside (%s, %s)", at, start, end)
			}
		}
		if r["survey_taken"] == "true" && r["survey_offered"] != "true" {
			t.Fatalf("survey taken but not offered: %v", r)
		}
		if r["ivr_resolved"] == "true" && r["ivr_abandoned"] == "true" {
			t.Fatalf("ivr resolved and abandoned: %v", r)
		}
		if r["customer_id"] == nullValue || r["call_start"] == nullValue || r["call_end"] == nullValue {
			t.Fatalf("required field null: %v", r)
		}
	}
}

func checkSales(t *testing.T, recs []record) {
	for _, r := range recs {
		if r["external_customer_id"] == nullValue && r["issue_id"] == nullValue {
			t.Fatalf("no attribution key: %v", r)
		}
		for _, c := range []string{"transaction_id", "transaction_time", "external_session_id", "product_quantity"} {
			if r[c] == nullValue {
				t.Fatalf("required %s null: %v", c, r)
			}
		}
		if q, _ := strconv.Atoi(r["product_quantity"]); q < 1 {
			t.Fatalf("product_quantity %d", q)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, feed := range Feeds {
		for _, format := range []string{"csv", "jsonl"} {
			a := generate(t, feed, format, 64<<10, 42, Options{})
			b := generate(t, feed, format, 64<<10, 42, Options{})
			c := generate(t, feed, format, 64<<10, 43, Options{})
			if !bytes.Equal(a, b) {
				t.Errorf("%s/%s: same seed, different output", feed, format)
			}
			if bytes.Equal(a, c) {
				t.Errorf("%s/%s: different seeds, same output", feed, format)
			}
		}
	}
}

func TestDayAndHeader(t *testing.T) {
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	event := map[string]string{Transcripts: "timestamp", CallCenter: "call_start", SalesAttribution: "transaction_time"}
	for _, feed := range Feeds {
		recs := parse(t, feed, "jsonl", generate(t, feed, "jsonl", 256<<10, 1, Options{Day: day}))
		for _, r := range recs {
			if tm := ts(t, r[event[feed]]); tm.Before(day) || !tm.Before(day.Add(24*time.Hour)) {
				t.Fatalf("%s: %s outside %s", feed, tm, day)
			}
		}
		data := generate(t, feed, "csv", 4<<10, 1, Options{NoHeader: true})
		cols, _ := Columns(feed)
		if bytes.HasPrefix(data, []byte(cols[0]+",")) {
			t.Errorf("%s: NoHeader still wrote a header", feed)
		}
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"1000", 1000}, {"10MB", 10e6}, {"1GB", 1e9}, {"200MiB", 200 << 20}, {"1.5gb", 1.5e9}, {"64KiB", 64 << 10},
	} {
		if got, err := ParseSize(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "MB", "10XB", "-1MB"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) succeeded", bad)
		}
	}
}

func TestErrors(t *testing.T) {
	if err := Write(io.Discard, "nope", "csv", 10, 1, Options{}); err == nil {
		t.Error("unknown feed accepted")
	}
	if err := Write(io.Discard, Transcripts, "xml", 10, 1, Options{}); err == nil {
		t.Error("unknown format accepted")
	}
}

func BenchmarkWrite(b *testing.B) {
	for _, feed := range Feeds {
		for _, format := range []string{"csv", "jsonl"} {
			b.Run(feed+"/"+format, func(b *testing.B) {
				const size = 64 << 20
				b.SetBytes(size)
				for b.Loop() {
					if err := Write(io.Discard, feed, format, size, 1, Options{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func TestStats(t *testing.T) {
	var st Stats
	var buf bytes.Buffer
	if err := Write(&buf, Transcripts, "csv", 256<<10, 3, Options{Stats: &st}); err != nil {
		t.Fatal(err)
	}
	recs := parse(t, Transcripts, "csv", buf.Bytes())
	convs := map[string]bool{}
	for _, r := range recs {
		convs[r["conversation_externalId"]] = true
	}
	if st.Bytes != int64(buf.Len()) || st.Records != int64(len(recs)) || st.Conversations != int64(len(convs)) {
		t.Errorf("stats %+v; want bytes=%d records=%d conversations=%d", st, buf.Len(), len(recs), len(convs))
	}
}
