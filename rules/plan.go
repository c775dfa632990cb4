package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

// sniffSize is how much of a file planning reads: enough for a header or a
// first JSONL object in any sane export.
const sniffSize = 64 << 10

// filePlan is what is decided about a file before reading it through.
type filePlan struct {
	index   int
	path    string // as opened
	display string // as reported: slash-separated
	size    int64
	openErr error

	format     string // "csv" or "jsonl": what the content is
	delim      byte   // CSV field separator read from the content (see delimiter.go)
	nameFormat string // what the name or format= segment says ("" = no opinion)
	binary     string // non-empty: why the file is not text
	feed       *schemas.Feed

	target    layout.Target
	laidOut   bool
	layoutErr []string

	// partition window in Unix ns; active when hasWindow.
	hasWindow      bool
	snapshot       bool
	winStart, wEnd int64
	dt             string
}

func planFile(path string, opt Options) (*filePlan, error) {
	p := &filePlan{path: path, display: filepath.ToSlash(path)}
	p.target, p.laidOut, p.layoutErr = layout.FromPath(p.display)
	p.nameFormat = FormatOf(path)
	if p.laidOut && layout.ValidFormat(p.target.Format) {
		p.nameFormat = p.target.FileFormat()
	}

	head, size, err := readHead(path)
	p.size = size
	if err != nil {
		// Unreadable files are reported at check time; others still run.
		p.openErr = err
		return p, nil
	}
	p.binary = binaryReason(head)
	p.format = sniffFormat(head, p.nameFormat)
	if p.format == "csv" {
		p.delim = sniffDelimiter(head)
	}

	if err := p.pickFeed(head, opt); err != nil {
		return nil, err
	}
	if err := p.pickPartition(opt); err != nil {
		return nil, err
	}
	return p, nil
}

func readHead(path string) ([]byte, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if st.IsDir() {
		return nil, 0, fmt.Errorf("is a directory")
	}
	buf := make([]byte, sniffSize)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, st.Size(), err
	}
	return buf[:n], st.Size(), nil
}

// FormatOf is the data format a file's name promises: "csv" for .csv,
// "jsonl" for .jsonl and .ndjson, "" otherwise.
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return "csv"
	case ".jsonl", ".ndjson":
		return "jsonl"
	}
	return ""
}

// binaryReason recognises compressed archives by magic number and other
// binary content by its share of NUL and control bytes; a text export with a
// stray NUL is still text (and gets encoding/control-char findings instead).
func binaryReason(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return "gzip-compressed data"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "a zip archive"
	case bytes.HasPrefix(head, []byte("BZh")):
		return "bzip2-compressed data"
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return "zstd-compressed data"
	case bytes.HasPrefix(head, []byte("PAR1")):
		return "a Parquet file"
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return "UTF-16 text (the spec requires UTF-8)"
	}
	if len(head) == 0 {
		return ""
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			ctl++
		}
	}
	if ctl*10 > len(head) {
		return "binary data"
	}
	return ""
}

// sniffFormat decides what the content is. A JSONL object line starts with
// '{'; nothing in a CSV export does, because no column value starts a row
// with a brace in practice — and when the name says CSV, a brace start is
// exactly the mistake file/format exists to catch.
func sniffFormat(head []byte, fromName string) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) == 0 {
		if fromName != "" {
			return fromName
		}
		return "csv"
	}
	if t[0] == '{' || t[0] == '[' {
		return "jsonl"
	}
	return "csv"
}

func (p *filePlan) pickFeed(head []byte, opt Options) error {
	reg := opt.Feeds
	id := opt.Feed
	if id == "" && opt.FeedFor != nil {
		id = opt.FeedFor(p.display)
	}
	if id == "" && p.laidOut {
		id = feedFromName(reg, p.target.FeedName)
	}
	if id == "" {
		id = feedFromContent(reg, head, p.format)
	}
	if id == "" && len(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))) == 0 && p.size <= sniffSize {
		// An empty file is a file/empty finding whatever its feed; there
		// is nothing to infer a feed from and nothing that needs one.
		return nil
	}
	if id == "" {
		if p.binary != "" {
			// Nothing to infer from; the file/binary finding says why.
			f, _ := reg.Get("call_center")
			p.feed = f
			return nil
		}
		return &UsageError{Msg: fmt.Sprintf("%s: cannot tell which feed this file is (%s): pass --feed %s, or set feed: in .preflight.yaml",
			p.display, "no header, keys or FEED_NAME path segment matched", strings.Join(feedIDs(reg), "|"))}
	}
	f, err := reg.Resolve(id)
	if err != nil {
		return &UsageError{Msg: p.display + ": " + err.Error()}
	}
	p.feed = f
	return nil
}

// feedFromName matches a FEED_NAME path segment against feed IDs and aliases.
func feedFromName(reg *schemas.Registry, name string) string {
	n := strings.ToLower(name)
	for _, f := range reg.All() {
		if n == f.ID {
			return f.ID
		}
		for _, a := range f.Aliases {
			if n == strings.ToLower(a) {
				return f.ID
			}
		}
	}
	return ""
}

// feedFromContent picks the feed whose columns best match the CSV header or
// the first JSONL object's keys; a headerless CSV is matched by its column
// count, which differs between the three built-in feeds.
func feedFromContent(reg *schemas.Registry, head []byte, format string) string {
	names, fields := firstRecordNames(head, format)
	best, bestScore, tie := "", 0, false
	for _, f := range reg.All() {
		score := 0
		for _, n := range names {
			if _, ok := f.Lookup(n); ok {
				score++
			}
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = f.ID, score, false
		case score == bestScore && score > 0:
			tie = true
		}
	}
	if bestScore > 0 && !tie {
		return best
	}
	if format == "csv" && bestScore == 0 && fields > 0 {
		match := ""
		for _, f := range reg.All() {
			if len(f.Fields) == fields {
				if match != "" {
					return ""
				}
				match = f.ID
			}
		}
		return match
	}
	return ""
}

// firstRecordNames returns the first record's values (CSV) or keys (JSONL).
func firstRecordNames(head []byte, format string) ([]string, int) {
	var rd records.Reader
	if format == "jsonl" {
		rd = records.NewJSONL(bytes.NewReader(head), records.Options{})
	} else {
		rd = records.NewCSV(bytes.NewReader(head), records.Options{Comma: sniffDelimiter(head)})
	}
	rec, err := rd.Next()
	if err != nil {
		return nil, 0
	}
	var names []string
	for _, v := range rec.Values {
		if format == "jsonl" {
			names = append(names, string(v.Key))
		} else {
			names = append(names, strings.TrimSpace(string(v.Raw)))
		}
	}
	return names, len(rec.Values)
}

// pickPartition decides the dt window from flags or the path's layout.
func (p *filePlan) pickPartition(opt Options) error {
	dt, mode := opt.DT, opt.Mode
	if p.laidOut {
		if dt == "" {
			dt = p.target.DT
		}
		if mode == "" && layout.ValidFormat(p.target.Format) {
			mode = "incremental"
			if p.target.Snapshot() {
				mode = "snapshot"
			}
		}
	}
	if dt == "" && mode == "" {
		return nil
	}
	switch mode {
	case "", "incremental", "snapshot":
	default:
		return &UsageError{Msg: fmt.Sprintf("--mode %q: use incremental or snapshot", mode)}
	}
	if dt == "" {
		// A mode without a day leaves nothing to check records against.
		return nil
	}
	day, err := layout.ParseDate(dt)
	if err != nil {
		if opt.DT != "" {
			return &UsageError{Msg: fmt.Sprintf("--dt %q: %v (want YYYY-MM-DD)", opt.DT, err)}
		}
		return nil // the path's bad dt is a target/path finding
	}
	p.hasWindow = true
	p.dt = dt
	p.snapshot = mode == "snapshot"
	p.winStart = day.UnixNano()
	p.wEnd = day.Add(24*3600e9).UnixNano() - 1
	return nil
}
