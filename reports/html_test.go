package reports

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// htmlRect is one chart bar as the report wrote it.
type htmlRect struct {
	label  string
	value  int64
	height float64
}

// parsedHTML is what the tests read back from a report.
type parsedHTML struct {
	elements map[string]int               // element name -> count
	charts   map[string][]htmlRect        // data-chart -> its bars, in order
	refs     map[string]float64           // data-chart -> its reference line value
	text     strings.Builder              // all character data
	attrs    map[string]map[string]string // id -> attributes
}

// parseHTML checks the report is well-formed (the writer promises
// XHTML-compatible output, so a strict XML parser must accept it) and
// collects its elements, chart bars and text.
func parseHTML(t *testing.T, doc []byte) *parsedHTML {
	t.Helper()
	p := &parsedHTML{elements: map[string]int{}, charts: map[string][]htmlRect{},
		refs: map[string]float64{}, attrs: map[string]map[string]string{}}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	chart := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			if se := new(xml.SyntaxError); errors.As(err, &se) {
				line = se.Line
			}
			lines := strings.Split(string(doc), "\n")
			ctx := ""
			if line > 0 && line <= len(lines) {
				ctx = lines[line-1]
			}
			t.Fatalf("report is not well-formed: %v\nline: %.300s", err, ctx)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			p.elements[tok.Name.Local]++
			a := map[string]string{}
			for _, at := range tok.Attr {
				a[at.Name.Local] = at.Value
			}
			if id := a["id"]; id != "" {
				p.attrs[id] = a
			}
			switch tok.Name.Local {
			case "svg":
				chart = a["data-chart"]
			case "rect":
				if _, ok := a["data-value"]; !ok {
					continue
				}
				v, err := strconv.ParseInt(a["data-value"], 10, 64)
				if err != nil {
					t.Fatalf("rect data-value %q: %v", a["data-value"], err)
				}
				hgt, err := strconv.ParseFloat(a["height"], 64)
				if err != nil {
					hgt, _ = strconv.ParseFloat(a["width"], 64)
				}
				p.charts[chart] = append(p.charts[chart], htmlRect{label: a["data-label"], value: v, height: hgt})
			case "line":
				if r, ok := a["data-ref"]; ok {
					p.refs[chart], _ = strconv.ParseFloat(r, 64)
				}
			}
		case xml.CharData:
			p.text.Write(tok)
		}
	}
	return p
}

func renderHTMLBytes(t *testing.T, res *rules.Result, stats *rules.Stats) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := renderHTML(&buf, res, stats, goldenOptions()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func knownStats() *rules.Stats {
	return &rules.Stats{
		// Three months with a gap in February: the chart must show it as 0.
		ConversationsPerMonth:   map[string]int64{"2024-01": 30, "2024-03": 10, "2024-04": 20},
		MessagesPerConversation: map[int]int64{2: 5, 4: 12, 5: 3},
		Roles:                   map[string]int64{"agent": 40, "customer": 50, "bot": 10, "Agent": 2},
		CallsPerDay:             map[string]int64{"2024-05-01": 7, "2024-05-03": 9},
		QueueSeconds:            map[int]int64{0: 4, 60: 6, 1800: 1},
		TransactionsPerDay:      map[string]int64{"2024-05-02": 11},
	}
}

func TestHTMLWellFormed(t *testing.T) {
	for name, res := range map[string]*rules.Result{"fixture": fixture(), "empty": {}} {
		t.Run(name, func(t *testing.T) {
			for _, stats := range []*rules.Stats{nil, knownStats(), {}} {
				p := parseHTML(t, renderHTMLBytes(t, res, stats))
				for _, el := range []string{"html", "head", "style", "body", "table"} {
					if name == "empty" && el == "table" {
						continue
					}
					if p.elements[el] == 0 {
						t.Errorf("no <%s> element", el)
					}
				}
				// Self-contained: nothing runs, nothing is fetched.
				for _, el := range []string{"script", "link", "img", "iframe", "object"} {
					if p.elements[el] > 0 {
						t.Errorf("report has a <%s> element", el)
					}
				}
			}
		})
	}
	// The Writer registered under "html" is this one.
	got := render(t, "html", fixture(), goldenOptions())
	parseHTML(t, got)
	if !bytes.Contains(got, []byte("<!DOCTYPE html>")) {
		t.Errorf("html writer output lacks the doctype")
	}
}

func TestHTMLEscapesValues(t *testing.T) {
	res := fixture()
	res.Findings = append(res.Findings, rules.Finding{
		Rule: "schema/type", Severity: rules.Error, File: callsPath, Line: 40, Col: 2, Field: "notes<b>",
		Conversation: `c"1'`, Value: "<script>alert(1)</script>", Message: "bad & <worse>", Fix: "use </td> nowhere",
	})
	res.Files = append(res.Files, rules.FileResult{Path: "evil/<img src=x onerror=alert(1)>.csv\x01", Feed: "call_center"})
	doc := renderHTMLBytes(t, res, knownStats())
	p := parseHTML(t, doc)
	if p.elements["script"] > 0 || p.elements["img"] > 0 || p.elements["b"] > 0 {
		t.Fatalf("a finding value became markup: %v", p.elements)
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "bad &amp; &lt;worse&gt;", "notes&lt;b&gt;", "c&#34;1&#39;"} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("report lacks escaped %q", want)
		}
	}
	// Parsed back, the text is the original value, character for character.
	if !strings.Contains(p.text.String(), "<script>alert(1)</script>") {
		t.Errorf("the value does not read back as text")
	}
	if bytes.Contains(doc, []byte{0x01}) {
		t.Errorf("a raw control character reached the report")
	}
}

func TestHTMLCharts(t *testing.T) {
	p := parseHTML(t, renderHTMLBytes(t, fixture(), knownStats()))
	want := map[string][]htmlRect{
		"conversations-per-month":   {{label: "2024-01", value: 30}, {label: "2024-02", value: 0}, {label: "2024-03", value: 10}, {label: "2024-04", value: 20}},
		"messages-per-conversation": {{label: "2", value: 5}, {label: "3", value: 0}, {label: "4", value: 12}, {label: "5", value: 3}},
		"role-mix":                  {{label: "Agent", value: 2}, {label: "agent", value: 40}, {label: "bot", value: 10}, {label: "customer", value: 50}},
		"calls-per-day":             {{label: "2024-05-01", value: 7}, {label: "2024-05-02", value: 0}, {label: "2024-05-03", value: 9}},
		"queue-seconds": {{label: "<10s", value: 4}, {label: "10s–30s", value: 0}, {label: "30s–1m", value: 0}, {label: "1m–2m", value: 6},
			{label: "2m–5m", value: 0}, {label: "5m–10m", value: 0}, {label: "10m–30m", value: 0}, {label: "30m+", value: 1}},
		"transactions-per-day": {{label: "2024-05-02", value: 11}},
		// From the findings, not Stats: totals per rule, most severe first.
		"findings-per-rule": {{label: "null/empty-value", value: 7}, {label: "csv/field-count", value: 1}, {label: "schema/type", value: 1},
			{label: "timestamp/utc", value: 1}, {label: "transcript/chronological-order", value: 1}, {label: "record/duplicate", value: 2},
			{label: "encoding/bom", value: 1}, {label: "transcript/sampling-window", value: 1}, {label: "transcript/single-party", value: 1},
			{label: "timestamp/range", value: 1}},
	}
	for chart, bars := range want {
		got := p.charts[chart]
		if len(got) != len(bars) {
			t.Errorf("%s: %d bars, want %d: %+v", chart, len(got), len(bars), got)
			continue
		}
		var maxV int64
		var maxH float64
		for i, b := range bars {
			if got[i].label != b.label || got[i].value != b.value {
				t.Errorf("%s bar %d = %s:%d, want %s:%d", chart, i, got[i].label, got[i].value, b.label, b.value)
			}
			if b.value > maxV {
				maxV, maxH = b.value, got[i].height
			}
		}
		// Bar sizes are proportional to the values they show.
		for i, b := range bars {
			if maxV == 0 || b.value == 0 || chart == "findings-per-rule" || chart == "role-mix" {
				continue
			}
			wantH := maxH * float64(b.value) / float64(maxV)
			if d := got[i].height - wantH; d > 0.05 || d < -0.05 {
				t.Errorf("%s bar %s: height %.2f, want %.2f", chart, b.label, got[i].height, wantH)
			}
		}
	}
	// The quarter line sits at a quarter of all conversations (60 / 4).
	if got := p.refs["conversations-per-month"]; got != 15 {
		t.Errorf("quarter reference line at %v, want 15", got)
	}
	text := p.text.String()
	for _, s := range []string{"spans 4 months; 12 recommended", "2024-01 holds 50% of conversations (over a quarter)", "60 conversations"} {
		if !strings.Contains(text, s) {
			t.Errorf("sampling guidance lacks %q", s)
		}
	}
}

// TestHTMLNoStats checks a run without Stats still reports, and says why
// the distribution charts are missing instead of drawing empty ones.
func TestHTMLNoStats(t *testing.T) {
	p := parseHTML(t, renderHTMLBytes(t, fixture(), nil))
	for _, c := range []string{"conversations-per-month", "calls-per-day"} {
		if len(p.charts[c]) > 0 {
			t.Errorf("chart %s drawn without stats", c)
		}
	}
	if len(p.charts["findings-per-rule"]) == 0 {
		t.Errorf("findings chart missing")
	}
	if !strings.Contains(p.text.String(), "collected no data statistics") {
		t.Errorf("no note about missing statistics")
	}
	if got := p.attrs["verdict"]; got["class"] != "verdict fail" {
		t.Errorf("verdict class = %q, want fail", got["class"])
	}
}

// TestHTMLDemo writes a report with known Stats to $PREFLIGHT_HTML_DEMO, so
// the charts can be looked at in a browser (scripts/html-render-test.sh).
func TestHTMLDemo(t *testing.T) {
	path := os.Getenv("PREFLIGHT_HTML_DEMO")
	if path == "" {
		t.Skip("PREFLIGHT_HTML_DEMO not set")
	}
	stats := knownStats()
	for m, n := range map[string]int64{"2023-06": 14, "2023-07": 18, "2023-08": 21, "2023-09": 17, "2023-10": 19, "2023-11": 22, "2023-12": 25, "2024-02": 8} {
		stats.ConversationsPerMonth[m] = n
	}
	for d := 1; d <= 28; d++ {
		stats.CallsPerDay[fmt.Sprintf("2024-05-%02d", d)] = int64(40 + (d*37)%25 - 10*((d%7)/6))
		stats.TransactionsPerDay[fmt.Sprintf("2024-05-%02d", d)] = int64(12 + (d*13)%9)
	}
	for k := 1; k <= 40; k++ {
		stats.MessagesPerConversation[k] += int64(60 * k * 1000 / ((k + 3) * (k + 3) * (k + 3)))
	}
	stats.QueueSeconds = map[int]int64{0: 120, 10: 240, 30: 310, 60: 280, 120: 190, 300: 70, 600: 25, 1800: 4}
	var buf bytes.Buffer
	if err := renderHTML(&buf, fixture(), stats, goldenOptions()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNiceCeil(t *testing.T) {
	for v, want := range map[float64]float64{0: 4, 3: 4, 5: 8, 7: 8, 9: 12, 44: 60, 100: 100, 101: 120, 1234: 1600} {
		if got := niceCeil(v); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", v, got, want)
		}
	}
}

func TestHistogramBins(t *testing.T) {
	m := map[int]int64{}
	for i := 1; i <= 100; i++ {
		m[i] = 1
	}
	bars := histogramBars(m, 30)
	var total int64
	for _, b := range bars {
		total += b.value
	}
	if len(bars) > 30 || total != 100 {
		t.Errorf("%d bins holding %d, want at most 30 holding 100", len(bars), total)
	}
	if bars[0].label != "1–4" {
		t.Errorf("first bin %q, want 1–4", bars[0].label)
	}
}

func TestStatsMerge(t *testing.T) {
	var s rules.Stats
	s.Merge(knownStats())
	s.Merge(knownStats())
	s.Merge(nil)
	if s.ConversationsPerMonth["2024-01"] != 60 || s.QueueSeconds[60] != 12 || s.Roles["customer"] != 100 ||
		s.MessagesPerConversation[4] != 24 || s.CallsPerDay["2024-05-03"] != 18 || s.TransactionsPerDay["2024-05-02"] != 22 {
		t.Errorf("merged twice: %+v", s)
	}
	for sec, want := range map[int64]int{-5: 0, 0: 0, 9: 0, 10: 10, 59: 30, 60: 60, 7200: 1800} {
		if got := rules.QueueBucket(sec); got != want {
			t.Errorf("QueueBucket(%d) = %d, want %d", sec, got, want)
		}
	}
}

// TestHTMLBreaksOnlyAtSpacesAndSlashes: a value is written as pieces that
// never break inside, split only at its spaces, and titled with the whole
// value; a path likewise, split only after a '/'. The CSS makes a piece
// too long for its column end in an ellipsis (scripts/html-render-test.sh
// measures the rendered layout in chromium).
func TestHTMLBreaksOnlyAtSpacesAndSlashes(t *testing.T) {
	res := fixture()
	value := "2024-05-01 10:00:00 Customer  Service"
	long := "exports/a_very_long_folder_name_without_any_break_in_it_at_all_0123456789/x.csv"
	res.Findings = append(res.Findings, rules.Finding{Rule: "timestamp/iso8601", Severity: rules.Error, File: long, Line: 2,
		Field: "call_start", Value: value, Message: "m"})
	doc := string(renderHTMLBytes(t, res, nil))
	wantValue := `<code class="value segs" title="` + value + `"><span class="seg">2024-05-01</span> <span class="seg">10:00:00</span> ` +
		`<span class="seg">Customer</span> <span class="seg"></span> <span class="seg">Service</span></code>`
	if !strings.Contains(doc, wantValue) {
		t.Errorf("value not written as pieces split at its spaces; want\n%s", wantValue)
	}
	wantPath := `<span class="mono segs" title="` + long + `"><span class="seg">exports/</span><wbr/>` +
		`<span class="seg">a_very_long_folder_name_without_any_break_in_it_at_all_0123456789/</span><wbr/><span class="seg">x.csv</span></span>`
	if !strings.Contains(doc, wantPath) {
		t.Errorf("path not written as pieces split after '/'; want\n%s", wantPath)
	}
	if strings.Contains(doc, "break-all") || strings.Contains(doc, "word-break: break-word") {
		t.Errorf("the CSS still lets words break anywhere")
	}
	for _, css := range []string{"table-layout: fixed", ".seg { display: inline-block; max-width: 100%; white-space: pre; overflow: hidden; text-overflow: ellipsis;"} {
		if !strings.Contains(doc, css) {
			t.Errorf("the CSS lacks %q", css)
		}
	}
}
