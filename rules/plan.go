package rules

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/preflight-data/preflight/audio"
	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

// filePlan is what is decided about a file before reading it through.
type filePlan struct {
	index   int
	path    string // as opened ("-" = stdin)
	display string // as reported: slash-separated
	size    int64  // bytes; for a stream, known once it is read
	stream  bool   // a pipe, FIFO, device or stdin: read once, never reopened
	stray   bool   // a non-data file a walk found in a partition folder
	source  Source // set for an input that is not a local path (an S3 object)

	// audio marks a recording (feed audio); audioContent is the audio
	// format its bytes are ("" when they are not audio, then audioWhat
	// says what they are).
	audio                   bool
	audioContent, audioWhat string

	format     string // "csv" or "jsonl" (or, for a recording, its audio format): what the content is
	delim      byte   // CSV field separator read from the content (see delimiter.go)
	nameFormat string // what the name or format= segment says ("" = no opinion)
	binary     string // non-empty: why the file is not text
	feed       *schemas.Feed
	// inferLater: a JSONL file whose sniffed bytes hold no complete object
	// (a huge or broken first line); its first good record decides the feed.
	inferLater bool
	// unknown, when the feed cannot be decided, is what the content said.
	unknown *contentMatch

	target    layout.Target
	laidOut   bool
	layoutErr []string

	// partition window in Unix ns; active when hasWindow.
	hasWindow      bool
	snapshot       bool
	winStart, wEnd int64
	dt             string
}

func newPlan(in Input, index int) *filePlan {
	p := &filePlan{index: index, path: in.Path, display: filepath.ToSlash(in.Path), stray: in.Stray, source: in.Source}
	if in.Path == Stdin {
		return p
	}
	p.target, p.laidOut, p.layoutErr = layout.FromPath(p.display)
	p.nameFormat = FormatOf(in.Path)
	if p.laidOut && layout.ValidFormat(p.target.Format) {
		p.nameFormat = p.target.FileFormat()
	}
	return p
}

// decide plans the file from its first bytes; whole says they are all of
// it. The error is a usage error: a feed that flags or config name but no
// registry holds.
func (p *filePlan) decide(head []byte, whole bool, opt Options) error {
	if p.decideAudio(head) {
		return nil
	}
	p.binary = binaryReason(head)
	p.format = sniffFormat(head, p.nameFormat)
	if p.format == "csv" {
		p.delim = sniffDelimiter(head)
	}
	if err := p.pickFeed(head, whole, opt); err != nil {
		return err
	}
	p.pickPartition(opt)
	return nil
}

// sniffSize is how much of a file planning reads (and the reader then
// replays): enough for a header or a first JSONL object in any sane export.
const sniffSize = 64 << 10

// FormatOf is the data format a file's name promises: "csv" for .csv,
// "jsonl" for .jsonl and .ndjson, the audio format of a recording's
// extension (see audio.Formats), "" otherwise.
func FormatOf(path string) string {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv":
		return "csv"
	case ".jsonl", ".ndjson":
		return "jsonl"
	default:
		return audio.FromExt(ext)
	}
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
	if f := audio.Sniff(head, ""); f != "" {
		return audio.Name(f) + " audio"
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

// pickFeed decides the feed: --feed, else config, else the FEED_NAME path
// segment, else the content. When the content does not decide, p.feed stays
// nil and p.unknown (or p.inferLater) says why; that is a finding on this
// file, not a reason to stop the run.
func (p *filePlan) pickFeed(head []byte, whole bool, opt Options) error {
	reg := opt.Feeds
	id := opt.Feed
	if id == "" && opt.FeedFor != nil {
		id = opt.FeedFor(p.display)
	}
	if id == "" && p.laidOut {
		id = feedFromName(reg, p.target.FeedName)
	}
	if id != "" {
		f, err := reg.Resolve(id)
		if err != nil {
			return &UsageError{Msg: p.display + ": " + err.Error()}
		}
		p.feed = f
		return nil
	}
	if whole && len(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))) == 0 {
		// An empty file is a file/empty finding whatever its feed; there
		// is nothing to infer a feed from and nothing that needs one.
		return nil
	}
	if p.binary != "" {
		// Nothing to infer from, and nothing is read: the file/binary
		// finding says why, and no feed's rules are listed as passed.
		return nil
	}
	m := matchHead(reg, head, p.format)
	switch {
	case m.id != "":
		p.feed, _ = reg.Get(m.id)
	case p.format == "jsonl" && m.line == 0 && !whole:
		p.inferLater = true
	default:
		p.unknown = &m
	}
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

// contentMatch is what a file's first record says about its feed.
type contentMatch struct {
	id    string   // the feed, or "" when none matches or several tie
	line  int      // the record's line; 0 when there was no record
	names []string // its CSV values or JSONL keys
	tie   []string // feeds that matched equally well
}

// matchHead matches the first record in a file's sniffed bytes.
func matchHead(reg *schemas.Registry, head []byte, format string) contentMatch {
	var rd records.Reader
	if format == "jsonl" {
		rd = records.NewJSONL(bytes.NewReader(head), records.Options{SizeHint: int64(len(head))})
	} else {
		rd = records.NewCSV(bytes.NewReader(head), records.Options{SizeHint: int64(len(head)), Comma: sniffDelimiter(head)})
	}
	rec, err := rd.Next()
	if err != nil {
		return contentMatch{}
	}
	return matchRecord(reg, rec, format)
}

// matchRecord picks the feed whose columns best match a CSV header or a
// JSONL object's keys; a headerless CSV is matched by its column count,
// which differs between the three built-in feeds.
func matchRecord(reg *schemas.Registry, rec *records.Record, format string) contentMatch {
	m := contentMatch{line: rec.Line}
	for _, v := range rec.Values {
		if format == "jsonl" {
			m.names = append(m.names, string(v.Key))
		} else {
			m.names = append(m.names, strings.TrimSpace(string(v.Raw)))
		}
	}
	bestScore := 0
	for _, f := range reg.All() {
		score := 0
		for _, n := range m.names {
			if _, ok := f.Lookup(n); ok {
				score++
			}
		}
		switch {
		case score > bestScore:
			m.id, bestScore, m.tie = f.ID, score, []string{f.ID}
		case score == bestScore && score > 0:
			m.tie = append(m.tie, f.ID)
		}
	}
	if len(m.tie) > 1 {
		m.id = ""
		return m
	}
	if format == "csv" && bestScore == 0 && len(rec.Values) > 0 {
		for _, f := range reg.All() {
			if len(f.Fields) == len(rec.Values) {
				m.tie = append(m.tie, f.ID)
			}
		}
		if len(m.tie) == 1 {
			m.id = m.tie[0]
		}
		if len(m.tie) > 1 {
			return m
		}
		m.tie = nil
	}
	return m
}

// pickPartition decides the dt window from flags or the path's layout.
// Flags were validated before the run; a bad dt in the path is a
// target/path finding, so here it only means no window.
func (p *filePlan) pickPartition(opt Options) {
	dt, mode := opt.DT, opt.Mode
	if p.laidOut {
		if dt == "" {
			dt = p.target.DT
		}
		if mode == "" && layout.ValidFormat(p.target.Format) {
			mode = p.target.Mode()
		}
	}
	if dt == "" {
		// A mode without a day leaves nothing to check records against.
		return
	}
	day, err := layout.ParseDate(dt)
	if err != nil {
		return
	}
	p.hasWindow = true
	p.dt = dt
	p.snapshot = mode == layout.Snapshot
	p.winStart = day.UnixNano()
	p.wEnd = day.Add(24*3600e9).UnixNano() - 1
}

// validateOptions refuses flags no file can be checked with, before any
// work: exit 2 with one message.
func validateOptions(opt Options) error {
	if err := layout.CheckMode(opt.Mode); err != nil {
		return &UsageError{Msg: "--mode " + err.Error()}
	}
	if opt.DT != "" {
		if _, err := layout.ParseDate(opt.DT); err != nil {
			return &UsageError{Msg: fmt.Sprintf("--dt %q: %v (want YYYY-MM-DD)", opt.DT, err)}
		}
	}
	return nil
}
