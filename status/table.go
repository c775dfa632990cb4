package status

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (p painter) state(s State) string {
	switch s {
	case Complete:
		return p.paint(ansiGreen, string(s))
	case Pending:
		return p.paint(ansiYellow, string(s))
	}
	return p.paint(ansiRed, string(s))
}

// WriteTable writes the report for people: what was listed, a table of
// partitions (runs of good days folded), the stray keys, and the counts.
func WriteTable(w io.Writer, r *Report, o WriteOptions) error {
	p := painter(o.Color)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "status of %s\n\n", scope(r))
	if len(r.Partitions) == 0 {
		fmt.Fprintln(bw, "no partitions found")
	} else if err := partitionTable(bw, r, p); err != nil {
		return err
	}
	if len(r.Stray) > 0 {
		fmt.Fprintln(bw)
		if err := strayTable(bw, r); err != nil {
			return err
		}
	}
	fmt.Fprintf(bw, "\n%s\n", summary(r))
	v := verdict(r)
	if r.OK() {
		v = p.paint(ansiGreen, v)
	} else {
		v = p.paint(ansiRed, v)
	}
	fmt.Fprintln(bw, v)
	return bw.Flush()
}

func partitionTable(w io.Writer, r *Report, p painter) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{
			tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignLeft, tw.AlignLeft,
		}}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	t.Header("FEED", "VERSION", "FORMAT", "DAY", "STATE", "LATE", "OBJECTS", "SIZE", "_SUCCESS (UTC)", "NOTE")
	for _, l := range lines(r.Partitions) {
		late := ""
		if l.Late {
			late = p.paint(ansiRed, "late")
		}
		size := ""
		if l.Objects > 0 {
			size = fmtBytes(l.Bytes)
		}
		err := t.Append(l.Feed, version(l.Version), l.Format, l.when(), p.state(l.State), late,
			strconv.Itoa(l.Objects), size, l.successAt(), l.Note)
		if err != nil {
			return fmt.Errorf("table: %w", err)
		}
	}
	return t.Render()
}

func strayTable(w io.Writer, r *Report) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignLeft}}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	t.Header("STRAY KEY", "SIZE", "MODIFIED (UTC)", "WHY")
	for _, s := range r.Stray {
		if err := t.Append(strings.TrimPrefix(s.URI, r.URI()), fmtBytes(s.Bytes), s.Modified.UTC().Format("2006-01-02 15:04:05"), s.Reason); err != nil {
			return fmt.Errorf("table: %w", err)
		}
	}
	return t.Render()
}
