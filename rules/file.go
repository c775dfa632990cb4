package rules

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"time"

	"github.com/preflight-data/preflight/digest"
	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

type fileOutcome struct {
	file FileResult
	coll *collector
	err  error
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
	stats       fileStats
}

func checkFile(ctx context.Context, p *filePlan, opt Options, sev map[string]Severity, ds *dataset, prog *progressCounter) (out fileOutcome) {
	start := time.Now()
	out.coll = newCollector(sev, opt.MaxPerRule)
	out.file = FileResult{Path: p.display, Bytes: p.size, Format: p.format}
	if p.feed != nil {
		out.file.Feed = p.feed.ID
	}
	fc := &fileCtx{plan: p, feed: p.feed, format: p.format, coll: out.coll, opt: &opt, ds: ds, now: opt.Now.UnixNano(), fileIdx: p.index}
	out.file.Rules = fc.applicable()
	defer func() {
		out.file.Records = fc.records
		out.file.Duration = time.Since(start)
	}()
	if p.openErr != nil {
		out.err = p.openErr
		return out
	}
	fc.checkLayout()
	if p.binary != "" {
		fc.coll.report(Finding{Rule: FileBinary, File: p.display, Message: fmt.Sprintf("file is %s, not %s text", p.binary, upper(p.nameFormatOr())),
			Fix: "Send uncompressed UTF-8 CSV or JSONL; decompress or re-export the file."})
		return out
	}
	if p.nameFormat != "" && p.nameFormat != p.format {
		fc.coll.report(Finding{Rule: FileFormat, File: p.display, Line: 1, Col: 1,
			Message: fmt.Sprintf("the name says %s but the content is %s; checked as %s", upper(p.nameFormat), upper(p.format), upper(p.format)),
			Fix:     fmt.Sprintf("Export the file as %s, or rename it to match its content.", upper(p.nameFormat))})
	}
	fc.checkDelimiter()
	f, err := os.Open(p.path)
	if err != nil {
		out.err = err
		return out
	}
	defer f.Close()
	var r io.Reader = f
	var h *digest.Hasher
	if opt.Hash {
		h = digest.New()
		r = io.TeeReader(f, h)
	}
	if err := fc.read(ctx, r, prog); err != nil {
		out.err = err
		return out
	}
	if h != nil {
		// The readers stop at EOF; draining proves it, so the digest covers
		// every byte of the file.
		if _, err := io.Copy(io.Discard, r); err != nil {
			out.err = err
			return out
		}
		d := h.Sum()
		out.file.Digest = &d
	}
	return out
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

// applicable lists the rules that run on this file.
func (fc *fileCtx) applicable() []string {
	var ids []string
	part := fc.plan.laidOut || fc.plan.hasWindow
	feed := ""
	if fc.feed != nil {
		feed = fc.feed.ID
	}
	for _, in := range Catalogue() {
		if fc.coll.sev[in.ID] == Off {
			continue
		}
		if in.ID == SchemaConstraint && (fc.feed == nil || !fc.feed.Custom) {
			continue
		}
		if in.ID == TargetPath || in.ID == TargetFormat {
			if !fc.plan.laidOut {
				continue
			}
		} else if in.ID == PartitionWindow {
			if !fc.plan.hasWindow || fc.feed == nil || fc.feed.EventTime == "" {
				continue
			}
		}
		if in.appliesTo(feed, fc.format, part, fc.opt.Target) {
			ids = append(ids, in.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// read streams the file through the reader and the row rules.
func (fc *fileCtx) read(ctx context.Context, f io.Reader, prog *progressCounter) error {
	fc.setup()
	var err error
	if fc.plan.size >= pipelineMin && runtime.GOMAXPROCS(0) > 1 {
		err = fc.readPipelined(ctx, f, prog)
	} else {
		err = fc.readSerial(ctx, f, prog)
	}
	if err != nil {
		return err
	}
	if fc.records == 0 {
		msg := "the file is empty"
		if fc.header {
			msg = "the file has a header but no data rows"
		} else if fc.plan.size > 0 {
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
	if fc.format == "csv" && n == 0 && fc.csvHeader(rec) {
		return
	}
	fc.records++
	fc.checkRecord(rec)
}

// setup compiles the per-feed row rules once per file.
func (fc *fileCtx) setup() {
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
	switch fc.feed.ID {
	case "call_center":
		fc.rowFns = append(fc.rowFns, (*fileCtx).checkCallCenter)
	case "sales_attribution":
		fc.rowFns = append(fc.rowFns, (*fileCtx).checkSales)
	case "transcripts":
		fc.tstate = newTranscriptFile()
		fc.rowFns = append(fc.rowFns, (*fileCtx).checkTranscript)
	}
	if fc.feed.Custom && fc.feed.Validator != nil {
		fc.rowFns = append(fc.rowFns, (*fileCtx).checkConstraints)
	}
	if fc.plan.hasWindow && fc.feed.EventTime != "" {
		fc.rowFns = append(fc.rowFns, (*fileCtx).checkPartition)
	}
	if fc.tstate == nil && fc.coll.sev[RecordDuplicate] != Off {
		fc.dup = newDupFile()
		fc.rowFns = append(fc.rowFns, (*fileCtx).checkDuplicate)
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
		fc.ds.addRecords(fc.fileIdx, fc.plan.display, fc.dup)
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
