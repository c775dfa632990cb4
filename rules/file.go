package rules

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/preflight-data/preflight/audio"
	"github.com/preflight-data/preflight/digest"
	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

type fileOutcome struct {
	file  FileResult
	coll  *collector
	err   error // the file could not be read
	usage error // the invocation cannot work (exit 2)
}

// Row is a record seen through the feed's schema: values by field index.
type Row struct {
	Rec *records.Record
	// V holds each field's value by schema index; nil when the column or key is absent.
	V []*records.Value
	// TS holds parsed Timestamp fields (Unix ns); TSOK says which parsed.
	TS   []int64
	TSOK []bool
}

// fileCtx is the state of checking one file.
type fileCtx struct {
	plan   *filePlan
	feed   *schemas.Feed
	format string
	coll   *collector
	opt    *Options
	ds     *dataset
	now    int64
	rowFns []func(*fileCtx, *Row)

	// CSV column mapping: CSV column index -> field index (-1 unknown).
	colField []int
	expect   int // fields per row
	header   bool

	row     Row
	records int64
	tstate  *transcriptFile
	dup     *dupFile
	fileIdx int

	unknownKeys map[string]bool
	keyOrder    []int16 // the field the i-th JSONL key named last (keyIndex)
	stats       fileStats

	// Reading in parts (parts.go): copies are the records found to
	// repeat earlier ones; src is the opened input; part is set on the
	// context of one part; reread reads a record again for a finding.
	copies dupCopies
	src    *input
	part   *partState
	reread *fileCtx

	// audio is what a recording's headers said; calls, the ids of a
	// call-center file's records, when recordings are linked to calls.
	audio *audio.Info
	calls *callIDs
}

// checkFile opens, plans and checks one input. A usage error (a feed name
// nothing holds) comes back in out.usage; a file that cannot be read, in
// out.err, with whatever was found before.
func checkFile(ctx context.Context, in Input, index int, opt Options, sev map[string]Severity, ds *dataset, store *findingStore, prog *progressCounter) (out fileOutcome) {
	start := time.Now()
	p := newPlan(in, index)
	out.coll = newCollector(sev, opt.MaxPerRule)
	out.coll.store, out.coll.seq = store, uint64(index+1)<<seqFileShift
	fc := &fileCtx{plan: p, coll: out.coll, opt: &opt, ds: ds, now: opt.Now.UnixNano(), fileIdx: index}
	var dig *digest.Digest
	defer func() {
		out.file = FileResult{Path: p.display, Bytes: p.size, Format: p.format, Status: StatusChecked,
			Records: fc.records, Duration: time.Since(start), Digest: dig, Audio: fc.audio}
		if fc.feed != nil {
			out.file.Feed = fc.feed.ID
		}
		if p.audio {
			out.file.Feed = AudioFeed
		}
		if out.err != nil {
			// Nothing was checked through: no rule passed here.
			var pe *os.PathError
			if errors.As(out.err, &pe) {
				out.err = pe.Err // the path is reported beside it
			}
			out.file.Status, out.file.Error = StatusUnreadable, out.err.Error()
			return
		}
		out.file.Rules = fc.applicable()
	}()
	src, err := openInput(ctx, p)
	if err != nil {
		out.err = err
		return out
	}
	defer src.close()
	fc.src = src
	head, whole, err := src.head(p)
	if err != nil {
		out.err = err
		return out
	}
	if out.usage = p.decide(head, whole, opt); out.usage != nil {
		return out
	}
	fc.feed, fc.format = p.feed, p.format
	if !fc.fileFindings() {
		return out
	}
	r := src.rest(head, whole)
	if opt.Hash {
		r.hash = digest.New()
	}
	if p.audio {
		err = fc.readAudio(ctx, r, prog)
	} else {
		err = fc.read(ctx, r, prog)
	}
	if err == nil && r.hash != nil {
		// The readers stop at EOF; draining proves it, so the digest covers
		// every byte of the file.
		_, err = io.Copy(io.Discard, r)
		d := r.hash.Sum()
		dig = &d
	}
	if p.stream {
		p.size = r.n
	}
	if err != nil {
		out.err = err
	}
	return out
}

// fileFindings reports what the plan already shows about the file as a
// whole; false means there is nothing more to read it for.
func (fc *fileCtx) fileFindings() bool {
	p := fc.plan
	fc.checkLayout()
	if p.audio {
		return true
	}
	if p.binary != "" {
		fc.coll.report(Finding{Rule: FileBinary, File: p.display, Message: fmt.Sprintf("file is %s, not %s text", p.binary, upper(p.nameFormatOr())),
			Fix: "Send uncompressed UTF-8 CSV or JSONL; decompress or re-export the file."})
		return false
	}
	if p.stray {
		fc.coll.report(Finding{Rule: TargetFormat, File: p.display,
			Message: fmt.Sprintf("%s is not a "+DataKinds+" data file, but it sits in a partition folder, all of whose files ASAPP imports", path.Base(p.display)),
			Fix:     "Move the file out of the partition folder, or list it under exclude: in .preflight.yaml if it is not meant for ASAPP (publish uploads only the files it checked)."})
		return false
	}
	if p.nameFormat != "" && p.nameFormat != p.format {
		fc.coll.report(Finding{Rule: FileFormat, File: p.display, Line: 1, Col: 1,
			Message: fmt.Sprintf("the name says %s but the content is %s; checked as %s", upper(p.nameFormat), upper(p.format), upper(p.format)),
			Fix:     fmt.Sprintf("Export the file as %s, or rename it to match its content.", upper(p.nameFormat))})
	}
	fc.checkDelimiter()
	if p.unknown != nil {
		fc.unknownFeed(p.unknown)
	}
	return true
}

func (p *filePlan) nameFormatOr() string {
	if p.nameFormat != "" {
		return p.nameFormat
	}
	return "CSV or JSONL"
}

func upper(s string) string {
	switch s {
	case "csv":
		return "CSV"
	case "jsonl":
		return "JSONL"
	}
	return s
}

// scope is what is known about the file, for the rules' applicability.
func (fc *fileCtx) scope() scope {
	s := scope{format: fc.format, laidOut: fc.plan.laidOut, target: fc.opt.Target,
		samples: fc.opt.Settings.Audio.Samples, audioLink: fc.opt.Settings.Audio.Name != ""}
	if fc.plan.audio {
		s.feed = AudioFeed
	}
	if fc.feed != nil {
		s.feed, s.custom = fc.feed.ID, fc.feed.Custom
		s.window = fc.plan.hasWindow && fc.feed.EventTime != ""
	}
	return s
}

// applicable lists the rules that run on this file.
func (fc *fileCtx) applicable() []string {
	var ids []string
	s := fc.scope()
	for _, in := range catalogue {
		if fc.coll.sev[in.ID] != Off && in.appliesTo(s) {
			ids = append(ids, in.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// read streams the file through the reader and the row rules.
func (fc *fileCtx) read(ctx context.Context, r *countingReader, prog *progressCounter) error {
	fc.setup()
	inParts, err := fc.readParts(ctx, r, prog)
	switch {
	case inParts:
	case !fc.plan.stream && fc.plan.size >= pipelineMin && runtime.GOMAXPROCS(0) > 1:
		err = fc.readPipelined(ctx, r, prog)
	default:
		err = fc.readSerial(ctx, r, prog)
	}
	if err != nil {
		if fc.dup != nil {
			fc.dup.free()
		}
		return err
	}
	if fc.records == 0 {
		msg := "the file is empty"
		if fc.header {
			msg = "the file has a header but no data rows"
		} else if r.n > 0 || inParts {
			msg = "the file has no readable data records"
		}
		fc.coll.report(Finding{Rule: FileEmpty, File: fc.plan.display, Message: msg,
			Fix: "Do not upload an empty file; if the day has no data, upload nothing for it, or check the export query."})
	}
	fc.finishFile()
	return nil
}

func (fc *fileCtx) newReader(f io.Reader, onProblem records.ProblemFunc) records.Reader {
	opt := records.Options{OnProblem: onProblem, Comma: fc.plan.delim}
	if !fc.plan.stream {
		opt.SizeHint = fc.plan.size
	}
	if fc.format == "jsonl" {
		return records.NewJSONL(f, opt)
	}
	return records.NewCSV(f, opt)
}

// readSerial reads and checks on one goroutine: small files, one CPU.
func (fc *fileCtx) readSerial(ctx context.Context, f io.Reader, prog *progressCounter) error {
	rd := fc.newReader(f, fc.problem)
	var reported int64
	for n := 0; ; n++ {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if n&1023 == 0 {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			b := rd.BytesRead()
			prog.add(b - reported)
			reported = b
		}
		fc.consume(rec, n)
	}
	prog.add(rd.BytesRead() - reported)
	return nil
}

// consume checks the n-th record of the file (0-based, header included).
func (fc *fileCtx) consume(rec *records.Record, n int) {
	if fc.plan.inferLater {
		fc.inferFeed(rec)
	}
	if fc.feed == nil {
		// No feed: only what the reader checks applies. A CSV's first row
		// is most likely its header, so it is not counted as data.
		if fc.format == "csv" && n == 0 {
			fc.header = true
			return
		}
		fc.records++
		return
	}
	if fc.format == "csv" && n == 0 && fc.csvHeader(rec) {
		return
	}
	fc.records++
	fc.checkRecord(rec)
}

// inferFeed decides the feed of a JSONL file from its first good record,
// when the sniffed bytes held none (a broken or huge first line).
func (fc *fileCtx) inferFeed(rec *records.Record) {
	fc.plan.inferLater = false
	m := matchRecord(fc.opt.Feeds, rec, fc.format)
	if m.id == "" {
		fc.unknownFeed(&m)
		return
	}
	fc.feed, _ = fc.opt.Feeds.Get(m.id)
	fc.plan.feed = fc.feed
	fc.setup()
}

// unknownFeed reports that nothing decides the file's feed: the file is
// still read for what needs no feed (syntax, encoding, emptiness).
func (fc *fileCtx) unknownFeed(m *contentMatch) {
	what := "its header"
	if fc.format == "jsonl" {
		what = "its first object's keys"
	}
	names := m.names
	if len(names) > 5 {
		names = append(names[:5:5], "…")
	}
	why := fmt.Sprintf("%s (%s) match no feed's columns", what, Truncate([]byte(strings.Join(names, ", "))))
	if len(m.tie) > 1 {
		why = fmt.Sprintf("%s (%s) fit %s equally well", what, Truncate([]byte(strings.Join(names, ", "))), strings.Join(m.tie, " and "))
	}
	f := Finding{Rule: FileUnknownFeed, File: fc.plan.display, Line: m.line,
		Message: "cannot tell which feed this file is: " + why + ", and no --feed, config glob or FEED_NAME path segment names one; only format and encoding were checked",
		Fix: fmt.Sprintf("Pass --feed %s, set feed: or feeds: in .preflight.yaml, or lay the file out as FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/FILE; if it is not an export for ASAPP, list it under exclude: in .preflight.yaml.",
			strings.Join(fc.opt.Feeds.IDs(), "|"))}
	if m.line > 0 {
		f.Col = 1
	}
	fc.coll.report(f)
}

// setup compiles the row passes for the file's feed; it runs again when a
// deferred feed is decided. The value pass always runs first: it reads
// each record through the schema (parsing timestamps for the passes after
// it). Then each pass of a rule that applies to the file runs once, in
// catalogue order, whatever the rules' severities: the passes keep the
// state (conversations, statistics) that later rules and reports read.
func (fc *fileCtx) setup() {
	fc.rowFns, fc.tstate, fc.dup = fc.rowFns[:0], nil, nil
	fc.copies.max = fc.opt.MaxPerRule
	n := 0
	if fc.feed != nil {
		n = len(fc.feed.Fields)
	}
	fc.row.V = make([]*records.Value, n)
	fc.row.TS = make([]int64, n)
	fc.row.TSOK = make([]bool, n)
	fc.rowFns = append(fc.rowFns, (*fileCtx).checkValues)
	if fc.feed == nil {
		return
	}
	s := fc.scope()
	var seen []*check
	for _, in := range catalogue {
		c := in.check
		if c == nil || slices.Contains(seen, c) || !in.appliesTo(s) {
			continue
		}
		seen = append(seen, c)
		if c.start == nil || c.start(fc) {
			fc.rowFns = append(fc.rowFns, c.row)
		}
	}
}

func (fc *fileCtx) finishFile() {
	if fc.feed != nil {
		fc.stats.feed = fc.feed.ID
		fc.ds.addStats(fc.stats.toStats())
	}
	if fc.tstate != nil {
		fc.finishRepeats()
		fc.ds.addTranscripts(fc.fileIdx, fc.plan.display, fc.tstate)
	}
	if fc.dup != nil {
		fc.finishDuplicates()
		fc.ds.addRecords(fc.fileIdx, fc.plan.display, fc.dup)
	}
	if fc.calls != nil {
		fc.ds.addCalls(fc.fileIdx, fc.plan.display, fc.calls)
	}
}

// checkRecord maps a record onto the schema and runs the row rules.
func (fc *fileCtx) checkRecord(rec *records.Record) {
	row := &fc.row
	row.Rec = rec
	for i := range row.V {
		row.V[i] = nil
		row.TSOK[i] = false
	}
	if fc.format == "csv" {
		if !fc.mapCSV(rec) {
			// One mistake, one finding: after an unquoted comma every
			// later value is shifted, so checking them would only echo
			// csv/field-count.
			if fc.tstate != nil {
				fc.brokenMessage(row)
			}
			return
		}
	} else {
		fc.mapJSONL(rec)
	}
	for _, fn := range fc.rowFns {
		fn(fc, row)
	}
}

// at builds a finding positioned at a value.
func (fc *fileCtx) at(rule string, rec *records.Record, off int) Finding {
	line, col := rec.Pos(off)
	return Finding{Rule: rule, File: fc.plan.display, Line: line, Col: col}
}

// problem turns a reader problem into a finding.
func (fc *fileCtx) problem(p records.Problem) {
	var rule, fix string
	switch p.Kind {
	case records.Syntax:
		rule = CSVSyntax
		fix = `Quote any value that contains a comma, quote or line break, and double the quotes inside it: "say ""hi"", then go".`
		if fc.format == "jsonl" {
			rule = JSONLSyntax
			fix = "Write exactly one complete JSON object per line, serialised by a JSON library."
		}
	case records.InvalidUTF8:
		rule, fix = EncodingUTF8, "Re-export the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8), or fix the source text."
	case records.BOM:
		rule, fix = EncodingBOM, "Save the file as UTF-8 without a byte-order mark."
	case records.ControlChar:
		rule, fix = EncodingControlChar, `Escape control characters: replace line breaks in text with \n or a space, and remove other control bytes.`
	case records.BlankLine:
		rule, fix = JSONLBlankLine, "Remove empty lines: JSONL is exactly one object per line."
	case records.NotObject:
		rule, fix = JSONLNotObject, "Write one JSON object per line, with the feed's fields as keys."
	case records.DuplicateKey:
		rule, fix = JSONLDuplicateKey, "Write each key once per object."
	case records.TooLarge:
		rule, fix = FileTooLarge, "Split the record or fix the export: a record this large is almost always a missing line break or quote."
	case records.TooDeep:
		rule, fix = JSONLTooDeep, "Flatten the object: the feed's fields are scalar values."
	default:
		return
	}
	if !fc.coll.want(rule) {
		return
	}
	f := Finding{Rule: rule, File: fc.plan.display, Line: p.Line, Col: p.Col, Field: p.Key, Message: p.Msg, Fix: fix}
	if p.Kind == records.InvalidUTF8 || p.Kind == records.ControlChar || p.Kind == records.BOM {
		f.Offset = p.Offset
	}
	if p.Kind == records.BlankLine {
		f.Edit = &Edit{Line: p.Line, Col: 1, EndLine: p.Line + 1, EndCol: 1} // fix drops the line
	}
	fc.coll.add(f)
}
