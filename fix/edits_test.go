package fix

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/preflight-data/preflight/rules"
)

// TestEditsAreFix: the edits check's findings carry (SARIF fixes) are
// exactly what fix writes: applying every edit to a file gives fix's copy.
func TestEditsAreFix(t *testing.T) {
	files := map[string]string{
		"calls.csv": "customer_id,conversation_id,call_start,call_end,customer_type,survey_offered,time_in_queue,transfer,survey_answer\n" +
			"c-1,None,2024-05-01 10:00:00+02:00,2024-05-01T08:10:00-00:00,,TRUE, 600,N/A,\"NULL\"\n" +
			"c-2,\"n/a\",\"2024-05-01 08:00:00Z\",2024-05-01 08:10:00,\"\",False,7,NA,é\n",
		"sales.jsonl": `{"transaction_id":"t-1","transaction_time":"2024-05-01T14:30:05.123+02:00","issue_id":"NULL","external_customer_id":"None","external_session_id":1234,"product_quantity":"2","product_value_one_time":"60.00"}` + "\n" +
			"\n" +
			`{"transaction_id":"t-2","transaction_time":"2024-05-01 15:00:00Z","issue_id":"X","external_session_id":"s","product_quantity":3}` + "\n",
		"transcripts.csv": trHeader + "c1,u1,Customer,hi,2024-05-01T10:00:00Z\nc1,a1,\"AGENT\",\"hé, there\",2024-05-01T10:00:01Z\n",
	}
	dir := t.TempDir()
	writeTree(t, dir, files)
	res, err := rules.Run(context.Background(), mustDiscover(t, dir), rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edits := map[string][]*rules.Edit{}
	for _, f := range res.Findings {
		if f.Edit != nil {
			name := filepath.Base(f.File)
			edits[name] = append(edits[name], f.Edit)
		}
	}
	_, fixed := fixTree(t, files, Options{})
	for name, content := range files {
		if len(edits[name]) == 0 {
			t.Errorf("%s: no finding carries an edit", name)
			continue
		}
		if got := applyEdits(t, content, edits[name]); got != fixed[name] {
			t.Errorf("%s: the findings' edits give\n%s\nfix writes\n%s", name, got, fixed[name])
		}
	}
}

// applyEdits applies edits (lines and columns in characters) to s.
func applyEdits(t *testing.T, s string, edits []*rules.Edit) string {
	t.Helper()
	lines := strings.SplitAfter(s, "\n")
	offset := func(line, col int) int {
		off := 0
		for i := 0; i < line-1 && i < len(lines); i++ {
			off += len(lines[i])
		}
		rest := s[off:]
		for c := 1; c < col; c++ {
			_, n := utf8.DecodeRuneInString(rest)
			off += n
			rest = rest[n:]
		}
		return off
	}
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{offset(e.Line, e.Col), offset(e.EndLine, e.EndCol), e.New})
	}
	sort.Slice(spans, func(i, k int) bool { return spans[i].start > spans[k].start })
	for i, sp := range spans {
		if i > 0 && sp.end > spans[i-1].start {
			t.Fatalf("edits overlap: %+v", spans)
		}
		s = s[:sp.start] + sp.text + s[sp.end:]
	}
	return s
}
