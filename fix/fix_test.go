package fix

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// writeTree writes files (slash paths) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree reads every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return out
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fixTree writes files into a directory, fixes it into another and
// returns the result and the copies.
func fixTree(t *testing.T, files map[string]string, opt Options) (*Result, map[string]string) {
	t.Helper()
	in, out := filepath.Join(t.TempDir(), "in"), filepath.Join(t.TempDir(), "out")
	writeTree(t, in, files)
	opt.OutDir = out
	opt.KeepChanges = true
	res, err := Run(context.Background(), []string{in}, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(res.Close)
	return res, readTree(t, out)
}

// The messy exports of the "done when": a byte-order mark, CRLF
// line ends, empty fields, None in ids, a +02:00 time with a space,
// Agent, messages out of order, duplicated rows, a re-exported
// conversation.
var messy = map[string]string{
	"calls.csv": "\xEF\xBB\xBFcustomer_id,conversation_id,call_start,call_end,customer_type,survey_offered,survey_answer,time_in_queue,transfer,caller_account_value\r\n" +
		"cust-1,None,2024-05-01 10:00:00+02:00,2024-05-01 10:12:30+02:00,,TRUE,\"NULL\", 600,N/A,129.45\r\n" +
		"cust-2,21352352,2024-05-01T09:00:00Z,2024-05-01T09:05:00Z,Wireless Premier,False,Good,30,NA,\r\n" +
		"cust-2,21352352,2024-05-01T09:00:00Z,2024-05-01T09:05:00Z,Wireless Premier,False,Good,30,NA,\r\n",
	"sales.csv": "\xEF\xBB\xBFtransaction_id,transaction_time,external_customer_id,issue_id,external_session_id,product_id,product_quantity,product_value_one_time\r\n" +
		"tx-1,2024-05-01 16:30:05.123+02:00,34762720001,None,sess-1,null,1,60.00\r\n" +
		"tx-2,2024-05-01T15:00:00Z,,1E10412200CC60EEABBF32,sess-2,WI-BBGP, 2 ,\r\n" +
		"tx-2,2024-05-01T15:00:00Z,,1E10412200CC60EEABBF32,sess-2,WI-BBGP, 2 ,\r\n",
	"transcripts.csv": "\xEF\xBB\xBFconversation_externalId,sender_externalId,sender_role,text,timestamp\r\n" +
		"1001,5501,customer,\"Hi, my bill is wrong\",2024-05-01 10:00:00+02:00\r\n" +
		"1001,6433421,Agent,Happy to help,2024-05-01 10:00:05+02:00\r\n" +
		"1001,5501,customer,Thanks,2024-05-01 10:00:09+02:00\r\n" +
		"1001,6433421,agent,Anything else?,2024-05-01T08:00:07Z\r\n" +
		"1001,6433421,agent,Anything else?,2024-05-01T08:00:07Z\r\n" +
		"1002,5502,customer,Where is my order?,2024-05-02T09:00:00Z\r\n" +
		"1002,6433422,AGENT,It ships today,2024-05-02T09:01:00Z\r\n" +
		"1003,5503,customer,Can I pause my plan?,2024-05-03T11:00:00Z\r\n" +
		"1003,6433423,agent,Yes: done,2024-05-03T11:02:00Z\r\n" +
		"1003,5503,customer,Can I pause my plan?,2024-05-03T11:00:00Z\r\n" +
		"1003,6433423,agent,Yes: done,2024-05-03T11:02:00Z\r\n" +
		"1004,5502,customer,Where is my order?,2024-05-02T09:00:00Z\r\n" +
		"1004,6433422,agent,It ships today,2024-05-02T09:01:00Z\r\n",
}

var messyFixed = map[string]string{
	"calls.csv": "customer_id,conversation_id,call_start,call_end,customer_type,survey_offered,survey_answer,time_in_queue,transfer,caller_account_value\r\n" +
		"cust-1,NULL,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,NULL,true,NULL,600,NULL,129.45\r\n" +
		"cust-2,21352352,2024-05-01T09:00:00Z,2024-05-01T09:05:00Z,Wireless Premier,false,Good,30,NA,NULL\r\n",
	"sales.csv": "transaction_id,transaction_time,external_customer_id,issue_id,external_session_id,product_id,product_quantity,product_value_one_time\r\n" +
		"tx-1,2024-05-01T14:30:05.123Z,34762720001,NULL,sess-1,NULL,1,60.00\r\n" +
		"tx-2,2024-05-01T15:00:00Z,NULL,1E10412200CC60EEABBF32,sess-2,WI-BBGP,2,NULL\r\n",
	"transcripts.csv": "conversation_externalId,sender_externalId,sender_role,text,timestamp\r\n" +
		"1001,5501,customer,\"Hi, my bill is wrong\",2024-05-01T08:00:00Z\r\n" +
		"1001,6433421,agent,Happy to help,2024-05-01T08:00:05Z\r\n" +
		"1001,6433421,agent,Anything else?,2024-05-01T08:00:07Z\r\n" +
		"1001,5501,customer,Thanks,2024-05-01T08:00:09Z\r\n" +
		"1002,5502,customer,Where is my order?,2024-05-02T09:00:00Z\r\n" +
		"1002,6433422,agent,It ships today,2024-05-02T09:01:00Z\r\n" +
		"1003,5503,customer,Can I pause my plan?,2024-05-03T11:00:00Z\r\n" +
		"1003,6433423,agent,Yes: done,2024-05-03T11:02:00Z\r\n",
}

var messyJSONL = map[string]string{
	"calls.jsonl": `{"customer_id":"cust-1","conversation_id":null,"call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:12:30Z","customer_type":null,"survey_offered":true,"survey_answer":null,"time_in_queue":600,"transfer":null,"caller_account_value":129.45}` + "\n" +
		`{"customer_id":"cust-2","conversation_id":"21352352","call_start":"2024-05-01T09:00:00Z","call_end":"2024-05-01T09:05:00Z","customer_type":"Wireless Premier","survey_offered":false,"survey_answer":"Good","time_in_queue":30,"transfer":"NA","caller_account_value":null}` + "\n",
	"sales.jsonl": `{"transaction_id":"tx-1","transaction_time":"2024-05-01T14:30:05.123Z","external_customer_id":"34762720001","issue_id":null,"external_session_id":"sess-1","product_id":null,"product_quantity":1,"product_value_one_time":60.00}` + "\n" +
		`{"transaction_id":"tx-2","transaction_time":"2024-05-01T15:00:00Z","external_customer_id":null,"issue_id":"1E10412200CC60EEABBF32","external_session_id":"sess-2","product_id":"WI-BBGP","product_quantity":2,"product_value_one_time":null}` + "\n",
	"transcripts.jsonl": `{"conversation_externalId":"1001","sender_externalId":"5501","sender_role":"customer","text":"Hi, my bill is wrong","timestamp":"2024-05-01T08:00:00Z"}` + "\n" +
		`{"conversation_externalId":"1001","sender_externalId":"6433421","sender_role":"agent","text":"Happy to help","timestamp":"2024-05-01T08:00:05Z"}` + "\n" +
		`{"conversation_externalId":"1001","sender_externalId":"6433421","sender_role":"agent","text":"Anything else?","timestamp":"2024-05-01T08:00:07Z"}` + "\n" +
		`{"conversation_externalId":"1001","sender_externalId":"5501","sender_role":"customer","text":"Thanks","timestamp":"2024-05-01T08:00:09Z"}` + "\n" +
		`{"conversation_externalId":"1002","sender_externalId":"5502","sender_role":"customer","text":"Where is my order?","timestamp":"2024-05-02T09:00:00Z"}` + "\n" +
		`{"conversation_externalId":"1002","sender_externalId":"6433422","sender_role":"agent","text":"It ships today","timestamp":"2024-05-02T09:01:00Z"}` + "\n" +
		`{"conversation_externalId":"1003","sender_externalId":"5503","sender_role":"customer","text":"Can I pause my plan?","timestamp":"2024-05-03T11:00:00Z"}` + "\n" +
		`{"conversation_externalId":"1003","sender_externalId":"6433423","sender_role":"agent","text":"Yes: done","timestamp":"2024-05-03T11:02:00Z"}` + "\n",
}

// TestMessyExports: one fix makes each feed's messy export pass check with
// no finding at all, every record and message kept but the exact copies,
// the +02:00 times converted; the same with --to jsonl.
func TestMessyExports(t *testing.T) {
	for _, c := range []struct {
		to   string
		want map[string]string
	}{{"", messyFixed}, {"jsonl", messyJSONL}} {
		t.Run("to="+c.to, func(t *testing.T) {
			// The messy files really are messy.
			in := t.TempDir()
			writeTree(t, in, messy)
			before, err := rules.Run(context.Background(), mustDiscover(t, in), rules.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, errs, _ := before.Totals(); errs == 0 {
				t.Fatal("the messy export has no error to fix")
			}

			res, got := fixTree(t, messy, Options{To: c.to})
			if diff := diffTrees(c.want, got); diff != "" {
				t.Errorf("copies differ:\n%s", diff)
			}
			if len(res.Check.Findings) != 0 {
				t.Errorf("the re-check found: %+v", res.Check.Findings)
			}
			for _, f := range res.Files {
				if f.Err != nil {
					t.Errorf("%s: %v", f.In, f.Err)
				}
			}
			// Not only the re-check: check itself on the copies.
			out := t.TempDir()
			writeTree(t, out, got)
			after, err := rules.Run(context.Background(), mustDiscover(t, out), rules.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(after.Findings) != 0 {
				t.Errorf("check on the copies found: %+v", after.Findings)
			}
		})
	}
}

func mustDiscover(t *testing.T, dir string) []string {
	t.Helper()
	in, err := rules.Walk([]string{dir}, rules.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range in.Files {
		files = append(files, f.Path)
	}
	return files
}

func diffTrees(want, got map[string]string) string {
	var sb strings.Builder
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if want[n] != got[n] {
			sb.WriteString("--- " + n + " want:\n" + want[n] + "--- got:\n" + got[n])
		}
	}
	return sb.String()
}

// TestMessyChanges: the change log names every change, with its rule,
// line, field and the value before and after.
func TestMessyChanges(t *testing.T) {
	res, _ := fixTree(t, messy, Options{})
	var log bytes.Buffer
	if err := res.WriteReport(&log, "json", ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Changes   []Change          `json:"changes"`
		Remaining []json.RawMessage `json:"remaining"`
		Summary   map[string]int64  `json:"summary"`
	}
	if err := json.Unmarshal(log.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, log.String())
	}
	if int64(len(rep.Changes)) != res.ChangeCount() || rep.Summary["changes"] != res.ChangeCount() {
		t.Errorf("%d changes listed, %d counted, summary says %d", len(rep.Changes), res.ChangeCount(), rep.Summary["changes"])
	}
	want := []Change{
		{File: "calls.csv", Line: 1, Rule: rules.EncodingBOM, Action: "remove", Before: "U+FEFF (byte-order mark)"},
		{File: "calls.csv", Line: 2, Field: "conversation_id", Rule: rules.NullSpelling, Action: "replace", Before: "None", After: "NULL"},
		{File: "calls.csv", Line: 2, Field: "call_start", Rule: rules.TimeISO8601, Action: "replace", Before: "2024-05-01 10:00:00+02:00", After: "2024-05-01T08:00:00Z"},
		{File: "calls.csv", Line: 2, Field: "customer_type", Rule: rules.NullEmpty, Action: "replace", Before: "", After: "NULL"},
		{File: "calls.csv", Line: 2, Field: "survey_offered", Rule: rules.SchemaType, Action: "replace", Before: "TRUE", After: "true"},
		{File: "calls.csv", Line: 2, Field: "survey_answer", Rule: rules.NullQuoted, Action: "replace", Before: `"NULL"`, After: "NULL"},
		{File: "calls.csv", Line: 2, Field: "time_in_queue", Rule: rules.SchemaType, Action: "replace", Before: " 600", After: "600"},
		{File: "calls.csv", Line: 2, Field: "transfer", Rule: rules.NullSpelling, Action: "replace", Before: "N/A", After: "NULL"},
		{File: "calls.csv", Line: 4, Rule: rules.RecordDuplicate, Action: "remove",
			Before: "cust-2,21352352,2024-05-01T09:00:00Z,2024-05-01T09:05:00Z,Wireless Premier,false…", After: "removed: the same record as line 3"},
		{File: "transcripts.csv", Line: 3, Field: "sender_role", Conversation: "1001", Rule: rules.TranscriptRole, Action: "replace", Before: "Agent", After: "agent"},
		{File: "transcripts.csv", Line: 2, Field: "timestamp", Conversation: "1001", Rule: rules.TranscriptOrder, Action: "reorder",
			Before: "lines 2, 3, 4, 5, 6", After: "lines 2, 3, 5, 6, 4"},
		{File: "transcripts.csv", Line: 6, Conversation: "1001", Rule: rules.RecordDuplicate, Action: "remove",
			Before: "1001,6433421,agent,Anything else?,2024-05-01T08:00:07Z", After: "removed: the same message as line 5"},
		{File: "transcripts.csv", Line: 11, Conversation: "1003", Rule: rules.RecordDuplicate, Action: "remove",
			Before: "1003,5503,customer,Can I pause my plan?,2024-05-03T11:00:00Z", After: "removed: the same message as line 9"},
		{File: "transcripts.csv", Line: 12, Conversation: "1003", Rule: rules.RecordDuplicate, Action: "remove",
			Before: "1003,6433423,agent,Yes: done,2024-05-03T11:02:00Z", After: "removed: the same message as line 10"},
		{File: "transcripts.csv", Line: 13, Field: "conversation_externalId", Conversation: "1004", Rule: rules.TranscriptDuplicate, Action: "remove",
			Before: "2 messages", After: `removed: the same transcript as conversation "1002" (line 7)`},
	}
	for _, w := range want {
		found := false
		for _, c := range rep.Changes {
			c.File = filepath.Base(c.File)
			if c == w {
				found = true
			}
		}
		if !found {
			t.Errorf("change not listed: %+v", w)
		}
	}
	if len(rep.Remaining) != 0 {
		t.Errorf("remaining: %s", rep.Remaining)
	}
	counts := map[string]int64{}
	for _, f := range res.Files {
		for r, n := range f.Changes {
			counts[f.In[strings.LastIndex(f.In, "/")+1:]+" "+r] += n
		}
	}
	for k, n := range map[string]int64{"transcripts.csv timestamp/iso8601": 3, "transcripts.csv record/duplicate": 3,
		"sales.csv null/spelling": 2, "sales.csv null/empty-value": 2, "calls.csv record/duplicate": 1} {
		if counts[k] != n {
			t.Errorf("%s: %d changes, want %d", k, counts[k], n)
		}
	}
}

// TestIdempotent: fixing a fixed copy changes nothing, byte for byte.
func TestIdempotent(t *testing.T) {
	for _, to := range []string{"", "jsonl"} {
		_, once := fixTree(t, messy, Options{To: to})
		res, twice := fixTree(t, once, Options{To: to})
		if diff := diffTrees(once, twice); diff != "" {
			t.Errorf("to=%q: a second fix changed the copies:\n%s", to, diff)
		}
		if n := res.ChangeCount(); n != 0 {
			t.Errorf("to=%q: a second fix made %d changes", to, n)
		}
		for _, f := range res.Files {
			if !f.Unchanged {
				t.Errorf("to=%q: %s not reported unchanged", to, f.In)
			}
		}
	}
}
