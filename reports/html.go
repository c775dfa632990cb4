package reports

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/preflight-data/preflight/rules"
)

// The HTML report is an audit document for a data team: one self-contained
// file (inline CSS, inline SVG, no script, nothing fetched) that can be
// attached to a ticket or archived as a CI artifact and still open years
// later. It is written as XHTML-compatible HTML5 — every element closed,
// every attribute quoted, only XML's five entities — so any XML parser can
// check it, which is how its tests read it.

// writeHTML is the "html" Writer.
func writeHTML(w io.Writer, res *rules.Result, opt Options) error {
	return renderHTML(w, res, rules.StatsOf(res), opt)
}

// renderHTML writes the report with the given data statistics (nil when the
// run collected none); split from writeHTML so tests can pass known Stats.
func renderHTML(w io.Writer, res *rules.Result, stats *rules.Stats, opt Options) error {
	idx, err := indexFindings(res)
	if err != nil {
		return err
	}
	h := htmlDoc{bufio.NewWriterSize(w, 64<<10)}
	h.head(opt)
	h.summary(res, opt)
	h.files(res)
	h.recordings(res)
	h.rules(res, idx)
	h.profile(stats)
	if err := h.findings(res, idx); err != nil {
		return err
	}
	h.foot(opt)
	return h.Flush()
}

// htmlDoc writes the document as it goes (a write error sticks and is
// returned by Flush); all text goes through esc.
type htmlDoc struct{ *bufio.Writer }

func (h *htmlDoc) p(format string, args ...any) { fmt.Fprintf(h, format, args...) }

// esc escapes text and attribute values, and replaces characters XML
// forbids (C0 controls other than tab and newline, U+FFFE/FFFF) and
// invalid UTF-8, so the file stays well-formed whatever a data file held.
func esc(s string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r == utf8.RuneError:
			return '\uFFFD'
		}
		return r
	}, s)
	return html.EscapeString(clean)
}

// Long text in table cells (values, paths, rule IDs, field names) is
// written as pieces that never break inside ("seg"): a line may end only
// between pieces, and a piece wider than its column is cut with a visible
// ellipsis, the whole text in the title (shown on hover). So a value wraps
// only at its spaces, a path only after a '/', and no table outgrows its
// card.

// segs writes pieces as segments joined by sep (already HTML).
func segs(pieces []string, sep string) string {
	var sb strings.Builder
	for i, piece := range pieces {
		if i > 0 {
			sb.WriteString(sep)
		}
		sb.WriteString(`<span class="seg">`)
		sb.WriteString(esc(piece))
		sb.WriteString(`</span>`)
	}
	return sb.String()
}

// brokenAt shows s breakable only after each of the bytes in at, in an
// element of the given tag and class titled with the whole of s.
func brokenAt(tag, class, s, at string) string {
	var pieces []string
	for len(s) > 0 {
		i := strings.IndexAny(s, at)
		if i < 0 || i == len(s)-1 {
			pieces = append(pieces, s)
			break
		}
		pieces = append(pieces, s[:i+1])
		s = s[i+1:]
	}
	return "<" + tag + ` class="` + class + ` segs" title="` + esc(strings.Join(pieces, "")) + `">` + segs(pieces, "<wbr/>") + "</" + tag + ">"
}

// pathHTML is a file path that breaks only after a '/'.
func pathHTML(path string) string { return brokenAt("span", "mono", path, "/") }

// valueHTML is an offending value that wraps only at its own spaces.
func valueHTML(v string) string {
	return `<code class="value segs" title="` + esc(v) + `">` + segs(strings.Split(v, " "), " ") + "</code>"
}

// Severity colours, shared by CSS classes and SVG fills.
const (
	colError   = "#c62828"
	colWarning = "#c77700"
	colNote    = "#1565c0"
	colOK      = "#2e7d32"
	colBar     = "#3f6ad8"
	colMuted   = "#8a94a6"
)

var htmlCSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2933; background: #f4f6fa; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
header.top { background: #1f2a44; color: #fff; padding: 22px 32px; }
header.top .inner { max-width: 1200px; margin: 0 auto; display: flex; align-items: center; justify-content: space-between; gap: 16px; }
header.top h1 { margin: 0; font-size: 22px; font-weight: 600; }
header.top .meta { color: #c4cde0; font-size: 13px; margin-top: 4px; }
.verdict { font-weight: 700; font-size: 15px; padding: 8px 16px; border-radius: 6px; white-space: nowrap; }
.verdict.fail { background: ` + colError + `; }
.verdict.warn { background: ` + colWarning + `; }
.verdict.pass { background: ` + colOK + `; }
h2 { font-size: 18px; margin: 32px 0 12px; }
h3 { font-size: 15px; margin: 0 0 4px; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin-top: 8px; }
.card { background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(16,24,40,.08); }
.card .n { font-size: 26px; font-weight: 700; }
.card .l { color: #52606d; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card.error .n { color: ` + colError + `; }
.card.warning .n { color: ` + colWarning + `; }
.card.note .n { color: ` + colNote + `; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; background: #fff; border-radius: 8px; overflow: hidden; box-shadow: 0 1px 2px rgba(16,24,40,.08); }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid #e6e9f0; vertical-align: top; overflow-wrap: break-word; }
th { background: #eef1f7; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: #52606d; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
code, .mono { font-family: "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
code.value { background: #fff4e5; color: #7a3e00; padding: 1px 4px; border-radius: 3px; }
.segs { white-space: pre-wrap; overflow-wrap: normal; word-break: normal; }
.seg { display: inline-block; max-width: 100%; white-space: pre; overflow: hidden; text-overflow: ellipsis; vertical-align: top; }
code.value .seg { max-width: calc(100% - 8px); }
col.c-line { width: 5.2em; } col.c-col { width: 4em; } col.c-rule { width: 12.5em; } col.c-sev { width: 7em; }
col.c-field { width: 10.5em; } col.c-value { width: 13em; }
col.c-feed { width: 10.5em; } col.c-format { width: 6.5em; } col.c-size { width: 6.5em; } col.c-n { width: 6.5em; } col.c-warn { width: 7.5em; } col.c-status { width: 7.5em; }
col.c-rid { width: 19em; } col.c-files { width: 5em; } col.c-why { width: 40%; }
.sev { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 1px 7px; border-radius: 10px; color: #fff; }
.sev.error { background: ` + colError + `; }
.sev.warning { background: ` + colWarning + `; }
.sev.note { background: ` + colNote + `; }
.sev.ok { background: ` + colOK + `; }
.sev.off { background: ` + colMuted + `; }
.fix { color: #52606d; font-size: 12.5px; }
.muted { color: #7b8794; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.chart { background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(16,24,40,.08); }
.chart.wide { grid-column: 1 / -1; }
.chart p { margin: 2px 0 8px; color: #52606d; font-size: 12.5px; }
.chart svg { width: 100%; height: auto; display: block; }
.guide { margin-top: 6px; font-size: 12.5px; }
.guide .ok { color: ` + colOK + `; font-weight: 600; }
.guide .bad { color: ` + colWarning + `; font-weight: 600; }
details { margin-bottom: 14px; }
summary { cursor: pointer; font-weight: 600; padding: 6px 0; }
.empty { background: #fff; border-radius: 8px; padding: 16px; color: #52606d; box-shadow: 0 1px 2px rgba(16,24,40,.08); }
footer { color: #7b8794; font-size: 12px; margin-top: 40px; overflow-wrap: break-word; }
svg text { font-family: -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
summary .mono { font-weight: 600; }
/* A phone: cards two abreast, charts one under another, and each table row
   a small card of its own, every cell labelled as its column head was. */
@media (max-width: 700px) {
  main { padding: 16px 12px 32px; }
  header.top { padding: 16px 12px; }
  header.top .inner { flex-wrap: wrap; }
  .cards { grid-template-columns: repeat(2, 1fr); }
  .charts { grid-template-columns: 1fr; }
  table, tbody, tr, td { display: block; width: auto; }
  thead, colgroup { display: none; }
  tr { border-bottom: 1px solid #e6e9f0; padding: 4px 0; }
  td { border: 0; padding: 2px 10px; text-align: left; }
  td.num { text-align: left; white-space: normal; }
  td:empty { display: none; }
  td::before { display: inline-block; width: 6.5em; color: #7b8794; font-size: 11px; text-transform: uppercase; letter-spacing: .03em; }
  .t-findings td:nth-child(-n+2), .t-findings td:nth-child(4), .t-files td:nth-child(n+3) { display: inline-block; padding-right: 4px; }
  .t-findings td:nth-child(-n+2)::before, .t-findings td:nth-child(4)::before, .t-files td:nth-child(n+3)::before { width: auto; margin-right: 6px; }
` + "  " + phoneLabels + `
}
`

// htmlTable is one kind of table: its class and columns. The same list
// writes the header and, for phones, the label before each cell.
type htmlTable struct {
	class string
	cols  []htmlCol
}

type htmlCol struct {
	head, class string // class sizes the column ("" = takes what is left)
	num         bool
}

var (
	filesTable = htmlTable{"t-files", []htmlCol{{"File", "", false}, {"Feed", "c-feed", false}, {"Format", "c-format", false},
		{"Size", "c-size", true}, {"Records", "c-n", true}, {"Errors", "c-n", true}, {"Warnings", "c-warn", true},
		{"Notes", "c-n", true}, {"Status", "c-status", false}}}
	notCheckedTable = htmlTable{"t-notchecked", []htmlCol{{"Path", "", false}, {"Why", "c-why", false}}}
	rulesTable      = htmlTable{"t-rules", []htmlCol{{"Rule", "c-rid", false}, {"Severity", "c-sev", false},
		{"Findings", "c-n", true}, {"Files", "c-files", true}, {"What it catches / how to fix", "", false}}}
	findingsTable = htmlTable{"t-findings", []htmlCol{{"Line", "c-line", true}, {"Col", "c-col", true}, {"Rule", "c-rule", false},
		{"Severity", "c-sev", false}, {"Field", "c-field", false}, {"Value", "c-value", false}, {"Problem", "", false}}}
)

// phoneLabels labels each cell with its column on a phone, where rows are
// stacked: by position, so no cell carries its label in the file.
var phoneLabels = func() string {
	var sb strings.Builder
	for _, t := range []htmlTable{filesTable, recordingsTable, notCheckedTable, rulesTable, findingsTable} {
		for i, c := range t.cols {
			fmt.Fprintf(&sb, ".%s td:nth-child(%d)::before { content: %q; }\n", t.class, i+1, c.head)
		}
	}
	return sb.String()
}()

// open writes the table's start, its column widths and its header.
func (t htmlTable) open(h *htmlDoc) {
	h.p("<table class=\"%s\"><colgroup>", t.class)
	for _, c := range t.cols {
		if c.class != "" {
			h.p("<col class=\"%s\"/>", c.class)
		} else {
			h.p("<col/>")
		}
	}
	h.p("</colgroup><thead><tr>")
	for _, c := range t.cols {
		if c.num {
			h.p("<th class=\"num\">%s</th>", esc(c.head))
		} else {
			h.p("<th>%s</th>", esc(c.head))
		}
	}
	h.p("</tr></thead><tbody>\n")
}

func (h *htmlDoc) head(opt Options) {
	h.p("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
	h.p("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
	h.p("<title>%s data audit</title>\n<style>%s</style>\n</head>\n<body>\n", esc(opt.toolName()), htmlCSS)
}

func (h *htmlDoc) summary(res *rules.Result, opt Options) {
	records, errs, warns := res.Totals()
	var notes int64
	for _, f := range res.Files {
		notes += f.Notes
	}
	verdict, class := "PASS: no problems found", "pass"
	unreadable := int64(len(res.Unreadable()))
	switch {
	case unreadable > 0:
		verdict, class = fmt.Sprintf("INCOMPLETE: %s file%s could not be read", fmtInt(unreadable), pluralS(unreadable)), "fail"
	case errs > 0:
		verdict, class = fmt.Sprintf("FAIL: %s error%s", fmtInt(errs), pluralS(errs)), "fail"
	case warns > 0:
		verdict, class = fmt.Sprintf("%s warning%s", fmtInt(warns), pluralS(warns)), "warn"
	}
	meta := []string{esc(opt.toolName())}
	if opt.ToolVersion != "" {
		meta[0] += " " + esc(opt.ToolVersion)
	}
	if !opt.ZeroTime && !opt.Now.IsZero() {
		meta = append(meta, esc(opt.Now.UTC().Format(time.RFC3339)))
	}
	if !opt.ZeroTime && res.Duration > 0 {
		meta = append(meta, "checked in "+esc(res.Duration.Round(time.Millisecond).String()))
	}
	if opt.SrcRoot != "" && !opt.ZeroTime {
		meta = append(meta, "in <span class=\"mono\">"+esc(opt.SrcRoot)+"</span>")
	}
	h.p("<header class=\"top\"><div class=\"inner\"><div><h1>Data audit against ASAPP's S3 data spec</h1>")
	h.p("<div class=\"meta\">%s</div></div>", strings.Join(meta, " · "))
	h.p("<div class=\"verdict %s\" id=\"verdict\">%s</div></div></header>\n<main>\n", class, esc(verdict))
	h.p("<section class=\"cards\" id=\"totals\">")
	card := func(class, label string, n int64) {
		h.p("<div class=\"card %s\"><div class=\"n\" data-total=\"%s\">%s</div><div class=\"l\">%s</div></div>",
			class, esc(label), fmtInt(n), esc(label))
	}
	card("", "files", int64(len(res.Files)))
	card("", "records", records)
	card("error", "errors", errs)
	card("warning", "warnings", warns)
	card("note", "notes", notes)
	h.audioCards(res)
	if unreadable > 0 {
		card("error", "unreadable", unreadable)
	}
	if n := int64(len(res.Skipped)); n > 0 {
		card("", "skipped", n)
	}
	h.p("</section>\n")
}

func (h *htmlDoc) files(res *rules.Result) {
	h.p("<h2 id=\"files\">Files</h2>\n")
	if len(res.Files) == 0 {
		h.p("<div class=\"empty\">No files were checked.</div>\n")
		return
	}
	filesTable.open(h)
	for _, f := range res.Files {
		status := "<span class=\"sev ok\">pass</span>"
		switch {
		case f.Status == rules.StatusUnreadable:
			status = "<span class=\"sev error\">unreadable</span>"
		case f.Errors > 0:
			status = "<span class=\"sev error\">fail</span>"
		case f.Warnings > 0:
			status = "<span class=\"sev warning\">warn</span>"
		}
		feed := brokenAt("span", "feed", f.Feed, "_")
		if f.Feed == "" {
			feed = "<span class=\"muted\">unknown</span>"
		}
		h.p("<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"+
			"<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td>%s</td></tr>\n",
			pathHTML(f.Path), feed, esc(f.Format), fmtBytes(f.Bytes), fmtInt(f.Records),
			fmtInt(f.Errors), fmtInt(f.Warnings), fmtInt(f.Notes), status)
	}
	h.p("</tbody></table>\n")
	h.notChecked(res)
}

// notChecked lists files that could not be read and what a directory walk
// skipped, so the audit accounts for every file.
func (h *htmlDoc) notChecked(res *rules.Result) {
	unreadable := res.Unreadable()
	if len(unreadable) == 0 && len(res.Skipped) == 0 {
		return
	}
	h.p("<h3 id=\"not-checked\">Not checked</h3>\n")
	notCheckedTable.open(h)
	for _, f := range unreadable {
		h.p("<tr><td>%s</td><td><span class=\"sev error\">unreadable</span> %s</td></tr>\n", pathHTML(f.Path), esc(f.Error))
	}
	for _, s := range res.Skipped {
		h.p("<tr><td>%s</td><td>skipped: %s</td></tr>\n", pathHTML(s.Path), esc(s.Reason))
	}
	h.p("</tbody></table>\n")
}

// ruleRow is one rule's line in the per-rule summary.
type ruleRow struct {
	id       string
	severity rules.Severity
	total    int64
	files    int
	info     rules.Info
}

func ruleRows(res *rules.Result, idx *findingIndex) []ruleRow {
	totals := ruleTotals(res, idx)
	infos := infoIndex(res)
	rows := make([]ruleRow, 0, len(totals))
	for _, id := range sortedKeys(totals) {
		r := ruleRow{id: id, total: totals[id], info: infos[id]}
		r.severity = r.info.Severity
		if s, ok := idx.firstSev[id]; ok {
			r.severity = s
		}
		for i := range res.Files {
			if res.Files[i].Count(id) > 0 {
				r.files++
			}
		}
		if r.files == 0 {
			for _, file := range idx.files {
				if idx.ruleFiles[[2]string{id, file}] {
					r.files++
				}
			}
		}
		rows = append(rows, r)
	}
	// Most severe first, then most frequent: what to fix first.
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].severity != rows[j].severity {
			return rows[i].severity > rows[j].severity
		}
		return rows[i].total > rows[j].total
	})
	return rows
}

func (h *htmlDoc) rules(res *rules.Result, idx *findingIndex) {
	h.p("<h2 id=\"rules\">Findings by rule</h2>\n")
	rows := ruleRows(res, idx)
	if len(rows) == 0 {
		h.p("<div class=\"empty\">No rule found a problem.</div>\n")
		return
	}
	bars := make([]bar, len(rows))
	for i, r := range rows {
		bars[i] = bar{label: r.id, value: r.total, color: sevColor(r.severity)}
	}
	h.p("<div class=\"chart wide\" style=\"margin-bottom:14px\"><h3>Findings per rule</h3><p>All findings, including those left out of this report by the per-rule cap; coloured by severity.</p>")
	h.hbarChart("findings-per-rule", bars, 260, 1100)
	h.p("</div>\n")
	rulesTable.open(h)
	for _, r := range rows {
		h.p("<tr><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%d</td><td>%s",
			brokenAt("code", "rule", r.id, "/"), sevChip(r.severity), fmtInt(r.total), r.files, esc(r.info.Summary))
		if r.info.Fix != "" {
			h.p("<div class=\"fix\">Fix: %s</div>", esc(r.info.Fix))
		}
		h.p("</td></tr>\n")
	}
	h.p("</tbody></table>\n")
}

func (h *htmlDoc) profile(s *rules.Stats) {
	h.p("<h2 id=\"profile\">Data profile</h2>\n")
	if s == nil {
		h.p("<div class=\"empty\">This run collected no data statistics, so there are no distribution charts.</div>\n")
		return
	}
	n := 0
	h.p("<div class=\"charts\">\n")
	if len(s.ConversationsPerMonth) > 0 {
		n++
		h.conversationsPerMonth(s.ConversationsPerMonth)
	}
	if len(s.MessagesPerConversation) > 0 {
		n++
		h.p("<div class=\"chart\"><h3>Messages per conversation</h3><p>Transcripts: how many conversations have each length. Very short ones are often incomplete.</p>")
		h.vbarChart("messages-per-conversation", histogramBars(s.MessagesPerConversation, 30), "messages", nil, 540)
		h.p("</div>\n")
	}
	if len(s.Roles) > 0 {
		n++
		h.p("<div class=\"chart\"><h3>Role mix</h3><p>Transcripts: messages by sender_role. The spec allows agent, customer and bot.</p>")
		var bars []bar
		var total int64
		for _, k := range sortedKeys(s.Roles) {
			total += s.Roles[k]
		}
		for _, k := range sortedKeys(s.Roles) {
			c := colBar
			if k != "agent" && k != "customer" && k != "bot" {
				c = colError
			}
			bars = append(bars, bar{label: k, value: s.Roles[k], color: c, note: pct(s.Roles[k], total)})
		}
		h.hbarChart("role-mix", bars, 90, 540)
		h.p("</div>\n")
	}
	if len(s.CallsPerDay) > 0 {
		n++
		h.p("<div class=\"chart\"><h3>Calls per day</h3><p>Call center: records by UTC day of call_start.</p>")
		h.vbarChart("calls-per-day", dayBars(s.CallsPerDay), "day", nil, 540)
		h.p("</div>\n")
	}
	if len(s.QueueSeconds) > 0 {
		n++
		h.p("<div class=\"chart\"><h3>Queue time</h3><p>Call center: calls by time_in_queue.</p>")
		h.vbarChart("queue-seconds", queueBars(s.QueueSeconds), "time in queue", nil, 540)
		h.p("</div>\n")
	}
	if s.AudioFiles > 0 {
		n++
		h.audioLengths(s)
	}
	if len(s.TransactionsPerDay) > 0 {
		n++
		h.p("<div class=\"chart\"><h3>Transactions per day</h3><p>Sales attribution: records by UTC day.</p>")
		h.vbarChart("transactions-per-day", dayBars(s.TransactionsPerDay), "day", nil, 540)
		h.p("</div>\n")
	}
	h.p("</div>\n")
	if n == 0 {
		h.p("<div class=\"empty\">No records to profile.</div>\n")
	}
}

// conversationsPerMonth draws the sampling chart with the spec's guidance:
// random sampling over 12 months, and (transcript/sampling-window) no month
// holding more than a quarter of the conversations.
func (h *htmlDoc) conversationsPerMonth(m map[string]int64) {
	bars := monthBars(m)
	var total, top int64
	topMonth := ""
	for _, b := range bars {
		total += b.value
		if b.value > top {
			top, topMonth = b.value, b.label
		}
	}
	quarter := float64(total) / 4
	for i := range bars {
		if float64(bars[i].value) > quarter {
			bars[i].color = colWarning
		}
	}
	h.p("<div class=\"chart wide\"><h3>Conversations per month</h3>")
	h.p("<p>Transcripts: conversations by the month of their first message. ASAPP recommends random sampling over a 12-month period; the dashed line is a quarter of all conversations, which no month should exceed.</p>")
	h.vbarChart("conversations-per-month", bars, "month", &refLine{value: quarter, label: "25% of conversations"}, 1100)
	span := len(bars)
	spanClass, spanText := "ok", fmt.Sprintf("✓ spans %d months", span)
	if span < 12 {
		spanClass, spanText = "bad", fmt.Sprintf("⚠ spans %d month%s; 12 recommended", span, pluralS(int64(span)))
	}
	share := 0.0
	if total > 0 {
		share = float64(top) / float64(total)
	}
	shareClass, shareText := "ok", fmt.Sprintf("✓ busiest month %s holds %.0f%%", topMonth, share*100)
	if share > 0.25 {
		shareClass, shareText = "bad", fmt.Sprintf("⚠ %s holds %.0f%% of conversations (over a quarter)", topMonth, share*100)
	}
	h.p("<div class=\"guide\" id=\"sampling-guidance\"><span class=\"%s\">%s</span> · <span class=\"%s\">%s</span> · %s conversations</div>",
		spanClass, esc(spanText), shareClass, esc(shareText), fmtInt(total))
	h.p("</div>\n")
}

func (h *htmlDoc) findings(res *rules.Result, idx *findingIndex) error {
	h.p("<h2 id=\"findings\">Findings</h2>\n")
	if idx.total == 0 {
		h.p("<div class=\"empty\">No findings.</div>\n")
		return nil
	}
	var omitted int64
	for _, n := range res.Omitted {
		omitted += n
	}
	if omitted > 0 {
		h.p("<p class=\"muted\">%s more finding%s left out by the cap of %d per rule per file; the counts above are exact.</p>\n",
			fmtInt(omitted), pluralS(omitted), res.MaxPerRule)
	}
	// Findings come sorted by file: a table per run of one file's.
	file, open := "", false
	err := res.EachFinding(func(f rules.Finding) error {
		if !open || f.File != file {
			if open {
				h.p("</tbody></table></details>\n")
			}
			file, open = f.File, true
			h.p("<details open=\"open\"><summary>%s <span class=\"muted\">(%d shown)</span></summary>\n", pathHTML(f.File), idx.perFile[f.File])
			findingsTable.open(h)
		}
		h.findingRow(f)
		return nil
	})
	if open {
		h.p("</tbody></table></details>\n")
	}
	return err
}

func (h *htmlDoc) findingRow(f rules.Finding) {
	line, col := "", ""
	if f.Line > 0 {
		line = strconv.Itoa(f.Line)
	}
	if f.Col > 0 {
		col = strconv.Itoa(f.Col)
	}
	field := ""
	if f.Field != "" {
		field = brokenAt("span", "field", f.Field, "_")
	}
	if f.Conversation != "" {
		if field != "" {
			field += "<br/>"
		}
		field += "<span class=\"muted\">conversation</span> " + brokenAt("code", "conv", f.Conversation, "-_")
	}
	value := ""
	if f.Value != "" {
		value = valueHTML(f.Value)
	}
	h.p("<tr><td class=\"num\">%s</td><td class=\"num\">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s",
		line, col, brokenAt("code", "rule", f.Rule, "/"), sevChip(f.Severity), field, value, esc(f.Message))
	if f.Fix != "" {
		h.p("<div class=\"fix\">Fix: %s</div>", esc(f.Fix))
	}
	h.p("</td></tr>\n")
}

func (h *htmlDoc) foot(opt Options) {
	h.p("<footer>Written by %s", esc(opt.toolName()))
	if opt.InformationURI != "" {
		// Plain text, not a link: the report must not lead anywhere by itself.
		h.p(" · %s", esc(opt.InformationURI))
	}
	h.p(". Rule IDs match SARIF ruleId and JUnit test names; <code>preflight rules ID</code> explains each.</footer>\n</main>\n</body>\n</html>\n")
}

// bar is one bar of a chart.
type bar struct {
	label string
	value int64
	color string // "" = the default bar colour
	note  string // extra text after the value (horizontal charts)
}

// refLine is a horizontal guide drawn across a vertical bar chart.
type refLine struct {
	value float64
	label string
}

// vbarChart draws a vertical bar chart as inline SVG. Each bar's <rect>
// carries data-label and data-value, so tests (and anyone scraping the
// report) read the exact numbers rather than pixel heights.
//
// width is the viewBox width: about the pixels the chart gets on a laptop
// screen (1100 across the page, 540 in a half column), so text keeps its size.
func (h *htmlDoc) vbarChart(id string, bars []bar, axis string, ref *refLine, width float64) {
	const left, right, top = 52.0, 14.0, 18.0
	n := len(bars)
	rotate := n > 8 && width/float64(max(n, 1)) < 64
	bottom, height := 40.0, 240.0
	if rotate {
		bottom, height = 72.0, 272.0
	}
	plotW, plotH := width-left-right, height-top-bottom
	var maxV float64
	for _, b := range bars {
		maxV = math.Max(maxV, float64(b.value))
	}
	if ref != nil {
		maxV = math.Max(maxV, ref.value)
	}
	scale := niceCeil(maxV)
	h.p("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"%s\" data-chart=\"%s\">",
		width, height, esc(id), esc(id))
	// Grid and y axis labels.
	for i := 0; i <= 4; i++ {
		v := scale * float64(i) / 4
		y := top + plotH - plotH*float64(i)/4
		h.p("<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#e6e9f0\"/>", left, y, width-right, y)
		h.p("<text x=\"%g\" y=\"%.1f\" font-size=\"11\" fill=\"#7b8794\" text-anchor=\"end\">%s</text>", left-6, y+4, fmtAxis(v))
	}
	if n == 0 {
		h.p("</svg>")
		return
	}
	slot := plotW / float64(n)
	bw := math.Max(1, slot*0.78)
	every := (n + 23) / 24 // at most ~24 x labels
	for i, b := range bars {
		x := left + slot*float64(i) + (slot-bw)/2
		bh := 0.0
		if scale > 0 {
			bh = plotH * float64(b.value) / scale
		}
		y := top + plotH - bh
		c := b.color
		if c == "" {
			c = colBar
		}
		h.p("<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" rx=\"2\" fill=\"%s\" data-label=\"%s\" data-value=\"%d\"><title>%s: %s</title></rect>",
			x, y, bw, bh, c, esc(b.label), b.value, esc(b.label), fmtInt(b.value))
		if n <= 16 && b.value > 0 {
			h.p("<text x=\"%.2f\" y=\"%.2f\" font-size=\"11\" fill=\"#1f2933\" text-anchor=\"middle\">%s</text>", x+bw/2, y-4, fmtInt(b.value))
		}
		if i%every == 0 {
			lx, ly := x+bw/2, top+plotH+14
			if rotate {
				h.p("<text x=\"%.2f\" y=\"%.2f\" font-size=\"11\" fill=\"#52606d\" text-anchor=\"end\" transform=\"rotate(-40 %.2f %.2f)\">%s</text>",
					lx, ly, lx, ly, esc(b.label))
			} else {
				h.p("<text x=\"%.2f\" y=\"%.2f\" font-size=\"11\" fill=\"#52606d\" text-anchor=\"middle\">%s</text>", lx, ly, esc(b.label))
			}
		}
	}
	if ref != nil && scale > 0 {
		y := top + plotH - plotH*ref.value/scale
		h.p("<line x1=\"%g\" y1=\"%.2f\" x2=\"%g\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" data-ref=\"%.2f\"/>",
			left, y, width-right, y, colWarning, ref.value)
		h.p("<text x=\"%g\" y=\"%.2f\" font-size=\"11\" fill=\"%s\" text-anchor=\"end\">%s</text>", width-right, y-5, colWarning, esc(ref.label))
	}
	h.p("<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#9aa5b1\"/>", left, top+plotH, width-right, top+plotH)
	h.p("<text x=\"%g\" y=\"%g\" font-size=\"11\" fill=\"#7b8794\" text-anchor=\"middle\">%s</text>", left+plotW/2, height-4, esc(axis))
	h.p("</svg>")
}

// hbarChart draws labelled horizontal bars, one row each.
func (h *htmlDoc) hbarChart(id string, bars []bar, labelW, width float64) {
	const rowH, right = 24.0, 150.0
	height := rowH*float64(len(bars)) + 8
	var maxV int64
	for _, b := range bars {
		maxV = max(maxV, b.value)
	}
	plotW := width - labelW - right
	h.p("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"%s\" data-chart=\"%s\">",
		width, height, esc(id), esc(id))
	for i, b := range bars {
		y := 4 + rowH*float64(i)
		w := 0.0
		if maxV > 0 {
			w = math.Max(2, plotW*float64(b.value)/float64(maxV))
		}
		c := b.color
		if c == "" {
			c = colBar
		}
		h.p("<text x=\"%g\" y=\"%.1f\" font-size=\"13\" fill=\"#1f2933\" text-anchor=\"end\" font-family=\"monospace\">%s</text>", labelW-8, y+16, esc(b.label))
		h.p("<rect x=\"%g\" y=\"%.1f\" width=\"%.2f\" height=\"%g\" rx=\"3\" fill=\"%s\" data-label=\"%s\" data-value=\"%d\"><title>%s: %s</title></rect>",
			labelW, y+3, w, rowH-8, c, esc(b.label), b.value, esc(b.label), fmtInt(b.value))
		text := fmtInt(b.value)
		if b.note != "" {
			text += " (" + b.note + ")"
		}
		h.p("<text x=\"%.2f\" y=\"%.1f\" font-size=\"13\" fill=\"#52606d\">%s</text>", labelW+w+6, y+16, esc(text))
	}
	h.p("</svg>")
}

// monthBars lists every month from the first to the last, zeros included:
// a gap in the sample is exactly what the chart should show.
func monthBars(m map[string]int64) []bar {
	keys := sortedKeys(m)
	first, err1 := time.Parse("2006-01", keys[0])
	last, err2 := time.Parse("2006-01", keys[len(keys)-1])
	if err1 != nil || err2 != nil || last.Sub(first) > 20*365*24*time.Hour {
		return plainBars(m)
	}
	var bars []bar
	for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
		k := t.Format("2006-01")
		bars = append(bars, bar{label: k, value: m[k]})
	}
	return bars
}

// dayBars lists every day from the first to the last, zeros included, when
// the span is short enough to draw day by day.
func dayBars(m map[string]int64) []bar {
	keys := sortedKeys(m)
	first, err1 := time.Parse("2006-01-02", keys[0])
	last, err2 := time.Parse("2006-01-02", keys[len(keys)-1])
	if err1 != nil || err2 != nil || last.Sub(first) > 400*24*time.Hour {
		return plainBars(m)
	}
	var bars []bar
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		k := t.Format("2006-01-02")
		bars = append(bars, bar{label: k, value: m[k]})
	}
	return bars
}

func plainBars(m map[string]int64) []bar {
	var bars []bar
	for _, k := range sortedKeys(m) {
		bars = append(bars, bar{label: k, value: m[k]})
	}
	return bars
}

// histogramBars draws an integer histogram: one bar per value from the
// smallest to the largest when that is at most maxBars, else bins of equal
// width labelled "lo–hi".
func histogramBars(m map[int]int64, maxBars int) []bar {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	lo, hi := keys[0], keys[len(keys)-1]
	width := 1
	if hi-lo+1 > maxBars {
		width = (hi - lo + maxBars) / maxBars
	}
	var bars []bar
	for start := lo; start <= hi; start += width {
		end := start + width - 1
		var n int64
		for k := start; k <= end; k++ {
			n += m[k]
		}
		label := strconv.Itoa(start)
		if width > 1 {
			label += "–" + strconv.Itoa(end)
		}
		bars = append(bars, bar{label: label, value: n})
	}
	return bars
}

// queueBars draws the QueueSeconds histogram with readable bucket names.
func queueBars(m map[int]int64) []bar { return bucketBars(m, rules.QueueBuckets[:]) }

// bucketBars draws a histogram keyed by bucket lower bounds in seconds.
func bucketBars(m map[int]int64, bounds []int) []bar {
	var bars []bar
	seen := map[int]bool{}
	for i, lo := range bounds {
		seen[lo] = true
		label := fmtDur(lo) + "+"
		if i+1 < len(bounds) {
			label = "<" + fmtDur(bounds[i+1])
			if lo > 0 {
				label = fmtDur(lo) + "–" + fmtDur(bounds[i+1])
			}
		}
		bars = append(bars, bar{label: label, value: m[lo]})
	}
	// Keys that are not standard buckets still show, after them.
	keys := make([]int, 0)
	for k := range m {
		if !seen[k] {
			keys = append(keys, k)
		}
	}
	sort.Ints(keys)
	for _, k := range keys {
		bars = append(bars, bar{label: fmtDur(k), value: m[k]})
	}
	return bars
}

func fmtDur(sec int) string {
	switch {
	case sec >= 3600 && sec%3600 == 0:
		return strconv.Itoa(sec/3600) + "h"
	case sec >= 60 && sec%60 == 0:
		return strconv.Itoa(sec/60) + "m"
	}
	return strconv.Itoa(sec) + "s"
}

// niceCeil rounds a chart maximum up so the four grid lines fall on round,
// whole numbers: four times a step of 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times
// a power of ten, never a fractional step (the charts count things).
func niceCeil(v float64) float64 {
	if v <= 4 {
		return 4
	}
	need := v / 4
	p := math.Pow(10, math.Floor(math.Log10(need)))
	for _, m := range []float64{1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		step := m * p
		if step >= need && step == math.Trunc(step) {
			return 4 * step
		}
	}
	return 40 * p
}

func fmtAxis(v float64) string {
	if v == math.Trunc(v) {
		return fmtInt(int64(v))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// fmtInt writes n with thousands separators.
func fmtInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var sb strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			sb.WriteByte(',')
		}
		sb.WriteRune(c)
	}
	if neg {
		return "-" + sb.String()
	}
	return sb.String()
}

func fmtBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f, i := float64(n), -1
	for f >= unit && i < 3 {
		f /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", f, "KMGT"[i])
}

func pct(n, total int64) string {
	if total == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(total))
}

// pluralS is "s" unless n is 1.
func pluralS(n int64) string { return plural(n, "", "s") }

func sevColor(s rules.Severity) string {
	switch s {
	case rules.Error:
		return colError
	case rules.Warning:
		return colWarning
	case rules.Note:
		return colNote
	}
	return colMuted
}

func sevChip(s rules.Severity) string {
	return "<span class=\"sev " + esc(s.String()) + "\">" + esc(s.String()) + "</span>"
}
