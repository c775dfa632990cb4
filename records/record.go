// Package records turns the bytes of a CSV or JSONL file into records that
// carry the position of every value, streaming, with constant memory per record.
//
// Readers never fail on bad data: every problem in the input (a syntax error,
// invalid UTF-8, a raw control character, a duplicate JSON key...) is handed to
// the caller's OnProblem callback with its exact position, and reading goes on
// with the next record. Only I/O errors end a read early.
package records

import (
	"unicode/utf8"
)

// Kind says how a value was written in the file.
type Kind uint8

const (
	// String is a CSV field (quoted or not) or a JSON string.
	String Kind = iota
	// Number is a JSON number; Raw holds its literal text.
	Number
	// Bool is a JSON true or false; Raw holds the literal.
	Bool
	// Null is a JSON null or an unquoted CSV NULL.
	Null
	// Object is a JSON object used as a value; Raw holds its JSON text.
	Object
	// Array is a JSON array used as a value; Raw holds its JSON text.
	Array
)

func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Number:
		return "number"
	case Bool:
		return "boolean"
	case Null:
		return "null"
	case Object:
		return "object"
	case Array:
		return "array"
	}
	return "unknown"
}

// Value is one field of a record. Its byte slices point into buffers the
// reader reuses: they are valid only until the next call to Next.
type Value struct {
	// Key is the decoded JSON key; nil for CSV, where the column index names the field.
	Key []byte
	// Raw is the value: CSV content without the enclosing quotes and with ""
	// undoubled; a decoded JSON string; the literal text of a JSON number,
	// boolean or null; the raw JSON text of a nested object or array.
	Raw  []byte
	Kind Kind
	// Quoted reports that a CSV field was enclosed in double quotes.
	Quoted bool
	// Off is the byte offset of the value's first byte (its opening quote,
	// if any) within Record.Raw.
	Off int
}

// Record is one CSV row or one JSONL object.
type Record struct {
	// Line is the 1-based physical line on which the record starts.
	Line int
	// Offset is the byte offset of the record's first byte in the file.
	Offset int64
	// Raw holds the record's bytes as read, embedded newlines included,
	// the final line terminator excluded.
	Raw    []byte
	Values []Value
}

// Pos converts an offset within r.Raw to a 1-based physical line and a
// 1-based column counted in characters (runes), the unit editors show.
// It is computed on demand because positions are only needed for findings.
func (r *Record) Pos(off int) (line, col int) {
	if off > len(r.Raw) {
		off = len(r.Raw)
	}
	if off < 0 {
		off = 0
	}
	line = r.Line
	start := 0
	for i := 0; i < off; i++ {
		if r.Raw[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, runeCol(r.Raw[start:off])
}

// runeCol is the 1-based column of the byte after prefix; invalid bytes count
// as one column each, as editors show them.
func runeCol(prefix []byte) int {
	return utf8.RuneCount(prefix) + 1
}

// ProblemKind classifies what a reader found wrong with the input.
type ProblemKind uint8

const (
	// Syntax: malformed CSV (bare or unterminated quote, data after a closing
	// quote) or a JSONL line that is not valid JSON or has trailing data.
	Syntax ProblemKind = iota
	// InvalidUTF8: a byte sequence that is not UTF-8.
	InvalidUTF8
	// BOM: a UTF-8 byte-order mark at the start of the file (it is stripped).
	BOM
	// ControlChar: a raw control character (U+0000-U+001F except TAB, and
	// U+007F) inside a value; in CSV a raw CR or LF inside a quoted field.
	ControlChar
	// BlankLine: an empty or whitespace-only JSONL line.
	BlankLine
	// NotObject: a JSONL line whose value is not an object.
	NotObject
	// DuplicateKey: a JSONL object with the same key twice.
	DuplicateKey
	// TooLarge: a record longer than the reader's limit; it is skipped.
	TooLarge
	// TooDeep: JSON nested deeper than the reader's limit; the line is skipped.
	TooDeep
)

var problemNames = [...]string{"syntax", "invalid-utf8", "bom", "control-char", "blank-line", "not-object", "duplicate-key", "too-large", "too-deep"}

func (k ProblemKind) String() string {
	if int(k) < len(problemNames) {
		return problemNames[k]
	}
	return "unknown"
}

// Problem is something wrong with the input, at an exact position.
type Problem struct {
	Kind ProblemKind
	// Line and Col are 1-based; Col counts characters (runes).
	Line, Col int
	// Offset is the absolute byte offset in the file.
	Offset int64
	// Key is the JSON key or CSV field involved, when there is one.
	Key string
	// Msg says what is wrong, in words a user can act on.
	Msg string
}

// ProblemFunc receives the problems a reader finds, in file order.
type ProblemFunc func(Problem)

// Options tune a reader. The zero value is usable.
type Options struct {
	// OnProblem receives every problem found; nil ignores them.
	OnProblem ProblemFunc
	// MaxRecordBytes bounds the memory one record may take; a longer record is
	// reported as TooLarge and skipped. Zero means DefaultMaxRecordBytes.
	MaxRecordBytes int
	// MaxDepth bounds JSON nesting; zero means DefaultMaxDepth.
	MaxDepth int
	// Comma is the CSV field separator; zero means ','. It cannot be a
	// quote, CR or LF. A file exported with ';', tab or '|' can then still be
	// read field by field (the spec wants commas; see rules' csv/delimiter).
	Comma byte
	// SizeHint, when positive, is how big the input is expected to be: a
	// small file then gets a read buffer to match rather than the default
	// 1 MiB (which matters when thousands of small files are read). The
	// buffer still grows as records need, so a wrong hint costs only time.
	SizeHint int64

	// A reader can also read one part of a larger file, starting at a
	// record boundary, as the engine does to check one file on several
	// cores. Start is the file offset of the input's first byte (record
	// offsets and BytesRead count from it; a byte-order mark is looked for
	// only at offset 0), and Line the line number there (zero means 1).
	Start int64
	Line  int
	// Stop, when positive, ends the input early: Next returns io.EOF
	// instead of a record that starts at or after this file offset. Past
	// it, a reader still reads on to finish a record that started before
	// it, and BytesRead says where the next record would have started.
	Stop int64
	// Buffer holds the first bytes of the input, already read (or mapped
	// read-only); the reader parses them in place, never writes to them,
	// and reads from the io.Reader only after them.
	Buffer []byte
}

const (
	// DefaultMaxRecordBytes keeps one absurd line from taking the machine's memory.
	DefaultMaxRecordBytes = 64 << 20
	// DefaultMaxDepth is deeper than any real export nests.
	DefaultMaxDepth = 64
)

// Reader yields records one at a time. Next returns io.EOF at the end of the
// input; any other error is an I/O error. The returned record and its slices
// are reused by the next call.
type Reader interface {
	Next() (*Record, error)
	// BytesRead is how many input bytes have been consumed so far (for progress).
	BytesRead() int64
}
