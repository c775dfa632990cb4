package rules

import (
	"bytes"
	"fmt"
)

// A CSV exported with another separator (';' is Excel's in much of Europe,
// tab and '|' come from database tools) is one long column to a comma
// reader: the feed cannot be told from its header and every row has one
// field. Such a file gets one csv/delimiter finding and is then read with
// its own separator, so every other rule still checks it.

// otherDelimiters are the separators recognised besides the comma.
var otherDelimiters = [...]byte{';', '\t', '|'}

// sniffLines bounds how many lines of the head decide the separator.
const sniffLines = 50

// sniffDelimiter returns the field separator of CSV content from its first
// lines: the comma, unless another separator splits (nearly) every line
// into the same number of fields as the first line and into more fields
// than the comma does.
func sniffDelimiter(head []byte) byte {
	counts := separatorCounts(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	if len(counts) == 0 {
		return ','
	}
	commaN, commaOK := consistent(counts, 0)
	best, bestN := byte(','), 0
	for k, d := range otherDelimiters {
		if n, ok := consistent(counts, k+1); ok && n > bestN {
			best, bestN = d, n
		}
	}
	if bestN > 0 && (!commaOK || commaN < bestN) {
		return best
	}
	return ','
}

// separatorCounts counts, per complete non-blank line, the comma and each
// other separator outside double quotes (a quoted field may span lines).
func separatorCounts(b []byte) [][1 + len(otherDelimiters)]int {
	var out [][1 + len(otherDelimiters)]int
	var cur [1 + len(otherDelimiters)]int
	inQuote, blank := false, true
	for _, c := range b {
		switch {
		case c == '"':
			inQuote = !inQuote
			blank = false
		case inQuote:
		case c == '\n':
			if !blank {
				out = append(out, cur)
			}
			if len(out) == sniffLines {
				return out
			}
			cur, blank = [1 + len(otherDelimiters)]int{}, true
		case c == ',':
			cur[0]++
			blank = false
		default:
			for k, d := range otherDelimiters {
				if c == d {
					cur[k+1]++
				}
			}
			if c != '\r' && c != ' ' {
				blank = false
			}
		}
	}
	// A last line without its line feed is whole only at the end of a
	// short file; in a head cut at sniffSize it is a fragment.
	if !blank && len(b) < sniffSize {
		out = append(out, cur)
	}
	return out
}

// consistent reports the first line's count of separator k, and whether it
// is at least one and shared by nine lines in ten.
func consistent(counts [][1 + len(otherDelimiters)]int, k int) (int, bool) {
	n := counts[0][k]
	if n == 0 {
		return 0, false
	}
	same := 0
	for _, c := range counts {
		if c[k] == n {
			same++
		}
	}
	return n, same*10 >= len(counts)*9
}

// DelimiterName names a separator the way a user would look for it.
func DelimiterName(d byte) string {
	switch d {
	case '\t':
		return "tabs"
	case ';':
		return "semicolons (;)"
	case '|':
		return "pipes (|)"
	}
	return fmt.Sprintf("%q", d)
}

// checkDelimiter reports a CSV file read with a separator other than the comma.
func (fc *fileCtx) checkDelimiter() {
	d := fc.plan.delim
	if fc.format != "csv" || d == 0 || d == ',' || !fc.coll.want(CSVDelimiter) {
		return
	}
	name := DelimiterName(d)
	fc.coll.add(Finding{Rule: CSVDelimiter, File: fc.plan.display, Line: 1, Col: 1,
		Message: fmt.Sprintf("fields are separated by %s, not commas; the file was read with %s to check the rest", name, name),
		Fix:     "Export with a comma as the field separator (CSV is comma-separated), quoting values that contain commas; in Excel save as \"CSV (Comma delimited)\"."})
}
