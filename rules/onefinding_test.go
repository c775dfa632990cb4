package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// oneMistake is a run's files and every finding the run must give, as
// "rule file:line", sorted.
type oneMistake struct {
	name  string
	files map[string]string
	want  []string
}

// oneMistakes are the cases of TestOneMistakeOneFinding.
var oneMistakes = []oneMistake{
	{
		name: "an unquoted comma shifts the row: no type error on the shifted field",
		files: map[string]string{"calls.csv": "customer_id,call_start,call_end,customer_type,time_in_queue\n" +
			"c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,600\n" +
			"c-2,2024-05-01T09:00:00Z,2024-05-01T09:10:00Z,Wireless, Premier,600\n"},
		want: []string{"csv/field-count calls.csv:3"},
	},
	{
		name: "an unquoted comma in a transcript's only customer message: no single-party",
		files: map[string]string{"chats.csv": trHeader +
			"c1,a1,agent,How can I help?,2024-05-01T10:00:00Z\n" +
			"c1,u1,customer,hi, my bill is wrong,2024-05-01T10:00:05Z\n"},
		want: []string{"csv/field-count chats.csv:3"},
	},
	{
		name: "sender_role Customer: no 'no customer message' as well",
		files: map[string]string{"chats.csv": trHeader +
			"c1,u1,Customer,hi,2024-05-01T10:00:00Z\n" +
			"c1,a1,agent,hello,2024-05-01T10:00:05Z\n"},
		want: []string{"transcript/sender-role chats.csv:2"},
	},
	{
		name: "a role that names no party leaves the conversation unjudged",
		files: map[string]string{"chats.csv": trHeader +
			"c1,u1,speaker_1,hi,2024-05-01T10:00:00Z\n" +
			"c1,a1,agent,hello,2024-05-01T10:00:05Z\n"},
		want: []string{"transcript/sender-role chats.csv:2"},
	},
	{
		name: `"NULL" in quotes in a required field is a missing value, once`,
		files: map[string]string{"calls.csv": "customer_id,call_start,call_end\n" +
			"\"NULL\",2024-05-01T08:00:00Z,2024-05-01T08:10:00Z\n"},
		want: []string{"schema/required calls.csv:2"},
	},
	{
		name: `the JSON string "NULL" gets the same verdict as a quoted CSV "NULL"`,
		files: map[string]string{
			"calls.jsonl": `{"customer_id":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z","customer_type":"NULL"}` + "\n",
			"calls.csv":   "customer_id,call_start,call_end,customer_type\nc-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,\"NULL\"\n",
		},
		want: []string{"null/quoted-null calls.csv:2", "null/quoted-null calls.jsonl:1"},
	},
	{
		name:  `a sale whose keys are "NULL" and N/A cannot be attributed, and says so once per field`,
		files: map[string]string{"sales.jsonl": `{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"NULL","issue_id":"N/A","external_session_id":"s-1","product_quantity":1}` + "\n"},
		want:  []string{"null/quoted-null sales.jsonl:1", "null/spelling sales.jsonl:1", "sales/attribution-key sales.jsonl:1"},
	},
	{
		name: "a semicolon-separated export is one csv/delimiter finding, not a field count per row",
		files: map[string]string{"chats.csv": "conversation_externalId;sender_externalId;sender_role;text;timestamp\n" +
			"c1;u1;customer;Hi, my bill is wrong;2024-05-01T10:00:00Z\n" +
			"c1;a1;agent;Happy to help;2024-05-01T10:00:05Z\n"},
		want: []string{"csv/delimiter chats.csv:1"},
	},
	{
		name: "a tab-separated export is still checked through: its other mistakes are found",
		files: map[string]string{"calls.csv": "customer_id\tcall_start\tcall_end\n" +
			"c-1\t2024-05-01 08:00:00\t2024-05-01T08:10:00Z\n"},
		want: []string{"csv/delimiter calls.csv:1", "timestamp/iso8601 calls.csv:2"},
	},
	{
		name:  "a conversation appended to itself (1-2-3-1-2-3) is named a duplicate, not an order problem",
		files: map[string]string{"chats.csv": trHeader + conv123 + conv123},
		want:  []string{"transcript/duplicate-conversation chats.csv:5"},
	},
	{
		name:  "the same, sorted (1-1-2-2-3-3), is not a record/duplicate per message",
		files: map[string]string{"chats.csv": trHeader + doubled(conv123)},
		want:  []string{"transcript/duplicate-conversation chats.csv:3"},
	},
	{
		name:  "a partial copy (1-2-3-1-2) is not the transcript twice: the order finding stands",
		files: map[string]string{"chats.csv": trHeader + conv123 + conv123[:strings.LastIndex(conv123[:len(conv123)-1], "\n")+1]},
		want:  []string{"transcript/chronological-order chats.csv:5"},
	},
	{
		name: "a conversation in reverse order is out of order, message by message",
		files: map[string]string{"chats.csv": trHeader +
			"c1,u1,customer,thanks,2024-05-01T10:00:20Z\n" +
			"c1,a1,agent,let me check,2024-05-01T10:00:10Z\n" +
			"c1,u1,customer,my bill is wrong,2024-05-01T10:00:00Z\n"},
		want: []string{"transcript/chronological-order chats.csv:3", "transcript/chronological-order chats.csv:4"},
	},
	{
		name: "back to the first instant, but not a copy: the held finding is released as it was",
		files: map[string]string{"chats.csv": trHeader +
			"c1,a1,agent,hello,2024-05-01T10:00:00Z\n" +
			"c1,u1,customer,hi,2024-05-01T10:00:20Z\n" +
			"c1,a2,agent,welcome,2024-05-01T10:00:00Z\n"},
		want: []string{"transcript/chronological-order chats.csv:4"},
	},
	{
		name:  "template chats recurring under other customers at other times are not duplicates",
		files: map[string]string{"chats.csv": trHeader + templateChats},
		want:  nil,
	},
	{
		name: "a customer who types None or N/A wrote a message, not a null",
		files: map[string]string{"chats.csv": trHeader +
			"c1,a1,agent,Any promo code?,2024-05-01T10:00:00Z\n" +
			"c1,u1,customer,None,2024-05-01T10:00:05Z\n" +
			"c1,a1,agent,Apartment number?,2024-05-01T10:00:10Z\n" +
			"c1,u1,customer,N/A,2024-05-01T10:00:15Z\n"},
		want: nil,
	},
}

// TestOneMistakeOneFinding checks whole runs, every rule at once: one
// mistake in the data is one finding, not that finding plus the echoes
// other rules would raise about the same bytes.
func TestOneMistakeOneFinding(t *testing.T) {
	for _, c := range oneMistakes {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := allFindings(t, run(t, dir, rules.Options{}), dir)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("findings:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(c.want, "\n\t"))
			}
		})
	}
}

const conv123 = "c1,u1,customer,my bill is wrong,2024-05-01T10:00:00Z\n" +
	"c1,a1,agent,let me check,2024-05-01T10:00:10Z\n" +
	"c1,u1,customer,thanks,2024-05-01T10:00:20Z\n"

// templateChats are like the public Taskmaster-4 dialogues: the same short
// scripted exchange between different customers on different days.
const templateChats = "t1,u1,customer,I would like to order a latte please,2024-01-05T09:00:00Z\n" +
	"t1,a1,agent,Unfortunately there are no menu items available for that,2024-01-05T09:00:20Z\n" +
	"t2,u2,customer,I would like to order a latte please,2024-02-11T14:30:00Z\n" +
	"t2,a1,agent,Unfortunately there are no menu items available for that,2024-02-11T14:30:20Z\n" +
	"t3,u3,customer,one Chai Latte please,2024-03-02T08:15:00Z\n" +
	"t3,a2,agent,is the order displayed correct?,2024-03-02T08:15:10Z\n" +
	"t3,u3,customer,yes,2024-03-02T08:15:20Z\n" +
	"t3,a2,agent,you can pick up your drink at the bar,2024-03-02T08:15:30Z\n" +
	"t4,u4,customer,one Chai Latte please,2024-04-20T17:45:00Z\n" +
	"t4,a3,agent,is the order displayed correct?,2024-04-20T17:45:10Z\n" +
	"t4,u4,customer,yes,2024-04-20T17:45:20Z\n" +
	"t4,a3,agent,you can pick up your drink at the bar,2024-04-20T17:45:30Z\n"

// doubled writes every line twice in a row.
func doubled(lines string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(lines, "\n") {
		b.WriteString(l + l)
	}
	return b.String()
}

// allFindings lists every finding of a run as "rule file:line", sorted.
func allFindings(t *testing.T, res *rules.Result, dir string) []string {
	t.Helper()
	var out []string
	for _, f := range res.Findings {
		rel := strings.TrimPrefix(f.File, filepath.ToSlash(dir)+"/")
		out = append(out, fmt.Sprintf("%s %s:%d", f.Rule, rel, f.Line))
	}
	sort.Strings(out)
	return out
}
