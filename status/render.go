package status

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Formats are the output formats of status.
var Formats = []string{"table", "json", "html"}

// WriteOptions tune the human formats.
type WriteOptions struct {
	// Color paints the table's states (the caller decides: a terminal, no
	// NO_COLOR).
	Color bool
	// Tool names the tool and its version in the HTML page's header.
	Tool string
}

// Write writes the report in one of Formats.
func Write(w io.Writer, r *Report, format string, o WriteOptions) error {
	switch format {
	case "json":
		return WriteJSON(w, r)
	case "html":
		return WriteHTML(w, r, o)
	case "table", "":
		return WriteTable(w, r, o)
	}
	return fmt.Errorf("unknown format %q (use %s)", format, strings.Join(Formats, ", "))
}

// WriteJSON writes the report as JSON: {"partitions": [...], "stray": [...]}
// with the bucket, the filters and the time it was made.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// line is one row of the human formats: a partition, or a run of
// consecutive partitions of one series that read alike (same state, same
// lateness, same note) folded into one row, so ten years of good days do
// not bury the one bad day, and a month-long gap is one row.
type line struct {
	Partition
	last string // the run's last partition label ("" for a single one)
	n    int    // partitions in the row
}

// minRun is the shortest run folded into one row.
const minRun = 3

func lines(ps []Partition) []line {
	var out []line
	for i := 0; i < len(ps); {
		j := i + 1
		for j < len(ps) && alike(&ps[i], &ps[j]) {
			j++
		}
		if j-i < minRun {
			j = i + 1
		}
		l := line{Partition: ps[i], n: j - i}
		if l.n > 1 {
			l.last = label(&ps[j-1])
			for _, p := range ps[i+1 : j] {
				l.Objects += p.Objects
				l.Bytes += p.Bytes
			}
		}
		out = append(out, l)
		i = j
	}
	return out
}

// alike says b may share a row with a: one series, one state, one
// lateness, one note.
func alike(a, b *Partition) bool {
	return a.Feed == b.Feed && a.Version == b.Version && a.Format == b.Format &&
		a.State == b.State && a.Late == b.Late && a.Note == b.Note
}

// label is a partition's day, with its hour and minute if any.
func label(p *Partition) string {
	s := p.DT
	if p.Hour != nil {
		s += " hr=" + *p.Hour
	}
	if p.Minute != nil {
		s += " mi=" + *p.Minute
	}
	if s == "" {
		return "-"
	}
	return s
}

// when is the row's day column.
func (l *line) when() string {
	if l.n > 1 {
		return fmt.Sprintf("%s … %s (%d)", label(&l.Partition), l.last, l.n)
	}
	return label(&l.Partition)
}

// successAt is a single partition's _SUCCESS time.
func (l *line) successAt() string {
	if l.SuccessTime == nil || l.n > 1 {
		return ""
	}
	return l.SuccessTime.UTC().Format("2006-01-02 15:04:05")
}

func version(v int) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf("%d", v)
}

// summary is the report in one sentence: the counts and the verdict.
func summary(r *Report) string {
	byState, late := r.Counts()
	var parts []string
	for _, s := range States {
		if n := byState[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	s := fmt.Sprintf("%d partition%s", len(r.Partitions), plural(len(r.Partitions)))
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	s += fmt.Sprintf("; %d late; %d stray key%s", late, len(r.Stray), plural(len(r.Stray)))
	return s
}

// verdict is what the exit status says.
func verdict(r *Report) string {
	if r.OK() {
		return "OK: every partition is complete and on time, nothing stray"
	}
	return "NOT OK: ASAPP's import will miss or misread some of this"
}

// scope says what was looked at.
func scope(r *Report) string {
	s := r.URI()
	var f []string
	if len(r.Feeds) > 0 {
		f = append(f, "feeds "+strings.Join(r.Feeds, ", "))
	}
	if r.Since != "" {
		f = append(f, "since "+r.Since)
	}
	if r.Until != "" {
		f = append(f, "until "+r.Until)
	}
	if len(f) > 0 {
		s += " (" + strings.Join(f, ", ") + ")"
	}
	return s + " at " + r.Generated.UTC().Format(time.RFC3339)
}

// fmtBytes is a size for people (binary units, as the audit report).
func fmtBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
