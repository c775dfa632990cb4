package status

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/preflight-data/preflight/reports"
)

// htmlExtra adds to the audit report's stylesheet what only this page needs.
const htmlExtra = `
.cards { grid-template-columns: repeat(4, 1fr); }
td.state { white-space: nowrap; }
td.note { min-width: 14em; }
`

// WriteHTML writes the report as one self-contained page in the audit
// report's style (inline CSS, no script, nothing fetched), for sharing.
func WriteHTML(w io.Writer, r *Report, o WriteOptions) error {
	bw := bufio.NewWriter(w)
	h := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	esc := html.EscapeString
	h("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	h("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
	h("<title>Upload status of %s</title>\n<style>%s%s</style>\n</head>\n<body>\n", esc(r.URI()), reports.HTMLStyle(), htmlExtra)
	class := "fail"
	if r.OK() {
		class = "pass"
	}
	h("<header class=\"top\"><div class=\"inner\"><div><h1>Upload status against ASAPP's daily import</h1>")
	h("<div class=\"meta\">%s · %s</div></div>", esc(o.Tool), esc(scope(r)))
	h("<div class=\"verdict %s\" id=\"verdict\">%s</div></div></header>\n<main>\n", class, esc(verdict(r)))
	htmlCards(h, r)
	htmlPartitions(h, r)
	htmlStrays(h, r)
	h("<footer>%s. A partition is complete when an empty _SUCCESS was written after all its data; ASAPP imports day D at 04:00 UTC on D+1.</footer>\n</main>\n</body>\n</html>\n", esc(summary(r)))
	return bw.Flush()
}

func htmlCards(h func(string, ...any), r *Report) {
	byState, late := r.Counts()
	h("<section class=\"cards\" id=\"totals\">")
	card := func(class, label string, n int) {
		h("<div class=\"card %s\"><div class=\"n\" data-total=\"%s\">%d</div><div class=\"l\">%s</div></div>", class, label, n, label)
	}
	for _, s := range States {
		class := "error"
		switch {
		case s == Complete:
			class = ""
		case s == Pending:
			class = "warning"
		case byState[s] == 0:
			class = ""
		}
		card(class, string(s), byState[s])
	}
	card(classIf(late > 0, "warning"), "late", late)
	card(classIf(len(r.Stray) > 0, "error"), "stray", len(r.Stray))
	h("</section>\n")
}

// htmlDay is the day column; a folded run may wrap between its ends.
func htmlDay(l *line) string {
	if l.n > 1 {
		return fmt.Sprintf("<code>%s</code> … <code>%s</code> (%d)", html.EscapeString(label(&l.Partition)), html.EscapeString(l.last), l.n)
	}
	return "<code>" + html.EscapeString(label(&l.Partition)) + "</code>"
}

func classIf(cond bool, class string) string {
	if cond {
		return class
	}
	return ""
}

func chip(s State) string {
	switch s {
	case Complete:
		return "ok"
	case Pending:
		return "warning"
	}
	return "error"
}

func htmlPartitions(h func(string, ...any), r *Report) {
	esc := html.EscapeString
	h("<h2 id=\"partitions\">Partitions</h2>\n")
	if len(r.Partitions) == 0 {
		h("<div class=\"empty\">No partitions found.</div>\n")
		return
	}
	h("<table><thead><tr><th>Feed</th><th class=\"num\">Version</th><th>Format</th><th>Day</th><th>State</th>" +
		"<th class=\"num\">Objects</th><th class=\"num\">Size</th><th>_SUCCESS (UTC)</th><th>Note</th></tr></thead><tbody>\n")
	for _, l := range lines(r.Partitions) {
		late, size := "", ""
		if l.Late {
			late = " <span class=\"sev warning\">late</span>"
		}
		if l.Objects > 0 {
			size = fmtBytes(l.Bytes)
		}
		h("<tr data-state=\"%s\"><td><code>%s</code></td><td class=\"num\">%s</td><td>%s</td><td>%s</td>"+
			"<td class=\"state\"><span class=\"sev %s\">%s</span>%s</td><td class=\"num\">%d</td><td class=\"num\">%s</td><td><code>%s</code></td><td class=\"note\">%s</td></tr>\n",
			l.State, esc(l.Feed), version(l.Version), esc(l.Format), htmlDay(&l), chip(l.State), l.State, late,
			l.Objects, size, l.successAt(), esc(l.Note))
	}
	h("</tbody></table>\n")
}

func htmlStrays(h func(string, ...any), r *Report) {
	esc := html.EscapeString
	h("<h2 id=\"stray\">Stray keys</h2>\n")
	if len(r.Stray) == 0 {
		h("<div class=\"empty\">None: every key is in a partition.</div>\n")
		return
	}
	h("<p class=\"muted\">Keys under <code>%s</code> that follow no layout: the import never reads them.</p>\n", esc(r.URI()))
	h("<table><thead><tr><th>Key</th><th class=\"num\">Size</th><th>Modified (UTC)</th><th>Why</th></tr></thead><tbody>\n")
	for _, s := range r.Stray {
		h("<tr><td class=\"mono\">%s</td><td class=\"num\">%s</td><td><code>%s</code></td><td>%s</td></tr>\n",
			esc(strings.TrimPrefix(s.URI, r.URI())), fmtBytes(s.Bytes), s.Modified.UTC().Format("2006-01-02 15:04:05"), esc(s.Reason))
	}
	h("</tbody></table>\n")
}
