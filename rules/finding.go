package rules

import (
	"fmt"
	"strings"
)

// Severity orders findings; config can change a rule's severity or turn it off.
type Severity int8

const (
	// Off disables a rule.
	Off Severity = iota
	// Note is informational; it never fails a run.
	Note
	// Warning fails a run only with --fail-on warning.
	Warning
	// Error fails a run by default.
	Error
)

func (s Severity) String() string {
	switch s {
	case Off:
		return "off"
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads a severity name as written in config and flags.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off", "none", "false":
		return Off, nil
	case "note", "info":
		return Note, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return Off, fmt.Errorf("unknown severity %q (want error, warning, note or off)", s)
}

// MarshalText writes the severity name, so JSON reports say "error", not 3.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one problem, at one place. It is plain data: reports are pure
// functions of findings and never reach back into the engine.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// File is the path as the user named it (slash-separated, relative when it was given relative).
	File string `json:"file"`
	// Line is the 1-based physical line; 0 means the finding is about the whole file or run.
	Line int `json:"line,omitempty"`
	// Col is the 1-based column in characters; 0 when there is none.
	Col int `json:"column,omitempty"`
	// Offset is the byte offset in the file, for encoding problems and
	// recordings' containers; -1 when unknown.
	Offset       int64  `json:"offset,omitempty"`
	Field        string `json:"field,omitempty"`
	Conversation string `json:"conversation_id,omitempty"`
	// Value is the offending value, truncated for display.
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
	// Fix says how to fix it.
	Fix string `json:"fix,omitempty"`
	// Edit is the change `preflight fix` makes for this finding when it is
	// text replaced in place (SARIF fixes show it); nil otherwise, or when
	// the repair needs what check does not know (--assume-tz, --role-map).
	Edit *Edit `json:"-"`
}

// Edit replaces the text from (Line, Col) up to, not including, (EndLine,
// EndCol) with New. Lines and columns are 1-based, columns in characters
// like Finding.Col; an empty range inserts, an empty New deletes.
type Edit struct {
	Line, Col, EndLine, EndCol int
	New                        string
}

// MaxValueLen bounds how much of an offending value a finding shows.
const MaxValueLen = 80

// Truncate shortens a value for display, keeping whole characters, and shows
// control characters escaped so a report never carries a raw one.
func Truncate(b []byte) string {
	var sb strings.Builder
	n := 0
	for _, r := range string(b) {
		if n == MaxValueLen {
			sb.WriteString("…")
			break
		}
		switch {
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r == '\t':
			sb.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&sb, `\x%02x`, r)
		case r == 0xFFFD:
			sb.WriteString(`\ufffd`)
		default:
			sb.WriteRune(r)
		}
		n++
	}
	return sb.String()
}
