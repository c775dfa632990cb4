package rules

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"sync"
	"sync/atomic"

	"github.com/preflight-data/preflight/records"
)

// A large regular file is read in parts, on every worker at once. Each part
// starts at a record boundary (bounds.go), gets its line number from the
// line feeds before it, and is parsed and checked into state of its own: a
// collector, statistics, and what the rules that need the rows before a
// row keep for later (transcript messages, record hashes, unknown keys).
// The parts are then merged in file order into the file's state, so the
// findings, counts, caps and statistics are those of reading the file
// front to back.
//
// A CSV part boundary is a guess (a quoted field may hold a line break),
// so it is proven when the part before it ends: that reader must stop at
// exactly the boundary. When it does not, it reads on through the next
// part, whose own reading is dropped: a file whose quoting defeats the
// guess is read, correctly, on fewer cores.

// partSize is the size of a part; a variable so tests can split small files.
var partSize int64 = 4 << 20

// partsMin is the file size from which a file is read in parts.
var partsMin int64 = 16 << 20

// partMax is the longest part: a part is read into memory and keeps what
// its rows leave for the merge, so a file whose record starts are further
// apart somewhere (no line reads as a record there: rows of another width,
// a huge quoted field) is read whole, in constant memory. It stays below
// the record limit, so a part's buffer never shows the reader more of a
// record than a whole read's buffer does.
const partMax = 16 << 20

// beforePart is called before part k is read (a hook for tests).
var beforePart = func(k int) {}

// filesInParts counts the files read in parts, and partsDropped the parts
// read through by the part before them, for tests.
var filesInParts, partsDropped atomic.Int64

// partJob is one file being read in parts.
type partJob struct {
	fc     *fileCtx // the file's own context: the merged state
	f      *os.File
	bounds []int64 // part k is bounds[k] to bounds[k+1]
	first  int64   // the offset of the file's first record, -1 if none
	ctx    context.Context
	prog   *progressCounter
	sched  *sched
	bufs   chan []byte
	states chan *partState

	next    int          // the next part to hand out (under sched.mu)
	merged  atomic.Int64 // parts up to here are merged or dropped
	running atomic.Int64 // parts handed out and not finished

	mu     sync.Mutex
	cond   *sync.Cond
	lines  []int   // line feeds in part k, -1 until counted
	parts  []*part // what each part's reading left, nil until read
	dead   []atomic.Bool
	front  int // the next part on the chain of proven parts
	mergeK int // the next part to merge
	busy   bool
	done   bool
	err    error
}

// part is what reading one part left.
type part struct {
	end   int64 // where its reader stopped: a bound, or the end of the file
	err   error
	fc    *fileCtx
	ready bool // proven, read, and its record hashes are in the table
}

// partState is what a part's context keeps for the merge. Its slices are
// reused from part to part (partJob.states).
type partState struct {
	msgs    []message
	ids     []byte // the messages' conversation ids
	hashes  []hashLine
	byShard []hashLine // hashes grouped by table shard, for inserting
	copies  dupCopies
	keys    map[string]bool
	// keyFindings are schema/unknown-column findings of JSONL keys new to
	// the part; the merge keeps those new to the file.
	keyFindings []keyFinding
	dead        *atomic.Bool
}

type keyFinding struct {
	key string
	f   Finding
}

func (ps *partState) keepMessage(m *message, id []byte) {
	m.idAt, m.idLen = uint32(len(ps.ids)), uint32(len(id))
	ps.ids = append(ps.ids, id...)
	ps.msgs = append(ps.msgs, *m)
}

// reset empties the state for another part, keeping its memory.
func (ps *partState) reset(dead *atomic.Bool, max int) {
	ps.msgs, ps.ids, ps.hashes = ps.msgs[:0], ps.ids[:0], ps.hashes[:0]
	ps.copies = dupCopies{max: max, list: ps.copies.list[:0]}
	ps.keys, ps.keyFindings, ps.dead = nil, nil, dead
}

// readParts reads the file in parts when it is large, regular and its
// feed is known (a JSONL file whose first lines decide nothing is read
// whole); false means read it whole.
func (fc *fileCtx) readParts(ctx context.Context, r *countingReader, prog *progressCounter) (bool, error) {
	p := fc.plan
	if fc.opt.sched == nil || fc.src == nil || fc.src.f == nil || p.stream || p.source != nil || p.size < partsMin || p.inferLater || !fc.partsSafe() {
		return false, nil
	}
	f := fc.src.f
	first, expect := fc.peekFirst(f)
	bounds := fc.partBounds(f, p.size, expect)
	if len(bounds) < 3 || longestPart(bounds) > partMax {
		return false, nil
	}
	if fc.dup != nil {
		fc.dup.reserve(estimateRecords(f, p.size))
	}
	j := &partJob{fc: fc, f: f, bounds: bounds, first: first, ctx: ctx, prog: prog, sched: fc.opt.sched,
		bufs: make(chan []byte, fc.opt.sched.ahead+1), states: make(chan *partState, fc.opt.sched.ahead+1)}
	n := len(bounds) - 1
	j.cond = sync.NewCond(&j.mu)
	j.lines, j.parts, j.dead = make([]int, n), make([]*part, n), make([]atomic.Bool, n)
	for i := range j.lines {
		j.lines[i] = -1
	}
	filesInParts.Add(1)
	hashed := fc.hashAlong(r)
	stop := context.AfterFunc(ctx, j.wake)
	defer stop()
	fc.opt.sched.add(j)
	fc.opt.sched.own(j)
	err := j.wait()
	if herr := hashed(); err == nil {
		err = herr
	}
	return true, err
}

func longestPart(bounds []int64) int64 {
	var n int64
	for k := 1; k < len(bounds); k++ {
		n = max(n, bounds[k]-bounds[k-1])
	}
	return n
}

// partsSafe reports whether every row pass of the file can run on parts:
// passes that keep state across rows must say how it merges.
func (fc *fileCtx) partsSafe() bool {
	if fc.feed == nil {
		return true
	}
	s := fc.scope()
	for _, in := range catalogue {
		if c := in.check; c != nil && !c.inParts && in.appliesTo(s) {
			return false
		}
	}
	return true
}

// hashAlong, with Options.Hash, fingerprints the file front to back on a
// goroutine of its own while the parts are read, through the same reader
// a whole read would use; the function it returns waits for it, and fails
// when the file changed while it was read.
func (fc *fileCtx) hashAlong(r *countingReader) func() error {
	if r.hash == nil {
		return func() error { return nil }
	}
	before, err := fc.src.f.Stat()
	if err != nil {
		return func() error { return err }
	}
	done := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.Discard, r)
		done <- err
	}()
	return func() error {
		if err := <-done; err != nil {
			return err
		}
		after, err := fc.src.f.Stat()
		if err != nil {
			return err
		}
		if after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) || r.n != before.Size() {
			return errChanged
		}
		return nil
	}
}

// peekFirst reads the file's first record, to learn its header (the
// column mapping every part needs) before the parts are read; the part
// holding it reports what the header says. It returns the record's offset
// (-1: the file has none) and how many fields a record has.
func (fc *fileCtx) peekFirst(f *os.File) (first int64, fields int) {
	rd := fc.newReader(io.NewSectionReader(f, 0, fc.plan.size), nil)
	rec, err := rd.Next()
	if err != nil {
		return -1, 0
	}
	fields = len(rec.Values)
	coll := fc.coll
	fc.coll = newCollector(coll.sev, 0) // the part holding it reports
	if fc.format == "csv" {
		if fc.feed == nil {
			fc.header = true
		} else {
			fc.csvHeader(rec)
			fields = fc.expect
		}
	}
	fc.coll = coll
	return rec.Offset, fields
}

// estimateRecords guesses a file's record count from its first lines.
func estimateRecords(f io.ReaderAt, size int64) int {
	head := make([]byte, min(size, 256<<10))
	n, _ := f.ReadAt(head, 0)
	lines := bytes.Count(head[:n], []byte{'\n'})
	if lines == 0 {
		return 0
	}
	return int(size / int64(n) * int64(lines))
}

// wait waits until every part is merged (or the run is cancelled) and no
// part is being read any more, and says why the file could not be read
// through, if it could not.
func (j *partJob) wait() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for !j.done && j.ctx.Err() == nil || j.running.Load() > 0 {
		j.cond.Wait()
	}
	if !j.done {
		return j.ctx.Err()
	}
	return j.err
}

func (j *partJob) wake() {
	j.mu.Lock()
	j.cond.Broadcast()
	j.mu.Unlock()
}

// buffer is a buffer for a part of n bytes, reused between parts.
func (j *partJob) buffer(n int64) []byte {
	select {
	case b := <-j.bufs:
		if int64(cap(b)) >= n {
			return b[:n]
		}
	default:
	}
	return make([]byte, n, max(n, partSize+partSize/4))
}

func (j *partJob) release(b []byte) {
	select {
	case j.bufs <- b:
	default:
	}
}

// runPart reads and checks part k.
func (j *partJob) runPart(k int) {
	defer func() {
		j.running.Add(-1)
		j.wake()
	}()
	lo, hi := j.bounds[k], j.bounds[k+1]
	beforePart(k)
	buf, err := j.bytes(lo, hi)
	line := j.lineAt(k, bytes.Count(buf, []byte{'\n'}))
	p := &part{end: hi, err: err}
	if err == nil && !j.dead[k].Load() {
		pc := j.fc.forPart(j.state(&j.dead[k]))
		p.fc = pc
		p.end, p.err = j.read(pc, k, buf, line)
	}
	j.release(buf)
	j.partRead(k, p)
}

// errChanged: the file is not what it was when its parts were planned.
var errChanged = errors.New("the file changed while it was checked")

// bytes reads the file's bytes lo to hi into a buffer.
func (j *partJob) bytes(lo, hi int64) ([]byte, error) {
	buf := j.buffer(hi - lo)
	n, err := j.f.ReadAt(buf, lo)
	if err != nil && n == len(buf) {
		err = nil
	} else if errors.Is(err, io.EOF) {
		err = errChanged
	}
	return buf[:n], err
}

// lineAt records how many line feeds part k holds and waits for the
// parts before it to do the same: its first line is 1 plus theirs. Parts
// are handed out in order and count before they wait, so this never
// waits long.
func (j *partJob) lineAt(k, feeds int) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.lines[k] = feeds
	j.cond.Broadcast()
	line := 1
	for i := 0; i < k; i++ {
		for j.lines[i] < 0 {
			j.cond.Wait()
		}
		line += j.lines[i]
	}
	return line
}

// read parses part k (buf holds its bytes) into its context, and reads on
// past its end, through the parts after it, until the reader stops at
// exactly a bound: where the next proven part starts.
func (j *partJob) read(pc *fileCtx, k int, buf []byte, line int) (int64, error) {
	lo, hi := j.bounds[k], j.bounds[k+1]
	more := io.NewSectionReader(j.f, hi, math.MaxInt64-hi)
	rd := pc.newPartReader(more, records.Options{Start: lo, Line: line, Stop: hi, Buffer: buf})
	reported, stop := lo, hi
	for n := 0; ; n++ {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			end := rd.BytesRead()
			j.prog.add(end - reported)
			reported = end
			if end < stop {
				// The input ended first: the file is shorter than planned.
				return end, errChanged
			}
			next := j.boundFrom(end)
			if next < 0 || j.bounds[next] == end {
				return end, nil
			}
			stop = j.bounds[next]
			rd.SetStop(stop)
			continue
		}
		if err != nil {
			return rd.BytesRead(), err
		}
		if n&1023 == 0 {
			if err := j.ctx.Err(); err != nil {
				return rd.BytesRead(), err
			}
			if pc.part.dead.Load() {
				return rd.BytesRead(), nil
			}
			b := rd.BytesRead()
			j.prog.add(b - reported)
			reported = b
		}
		order := 1
		if rec.Offset == j.first {
			order = 0 // the file's first record: a CSV header
		}
		pc.consume(rec, order)
	}
}

// boundFrom is the index of the first bound at or after off, -1 past the
// last.
func (j *partJob) boundFrom(off int64) int {
	for i, b := range j.bounds {
		if b >= off {
			return i
		}
	}
	return -1
}

// partRead takes part k's reading: it proves the parts after the last
// proven one that this settles, puts the record hashes of proven parts in
// the file's table, and merges what can be merged.
func (j *partJob) partRead(k int, p *part) {
	j.mu.Lock()
	if j.dead[k].Load() {
		j.recycle(p) // read through by the part before it
	}
	j.parts[k] = p
	proven := j.settle()
	j.mu.Unlock()
	for _, q := range proven {
		if q.fc != nil {
			q.fc.insertHashes(j.fc.dup)
		}
	}
	j.mu.Lock()
	for _, q := range proven {
		q.ready = true
	}
	j.mu.Unlock()
	j.merge()
}

// settle walks the chain of proven parts: part 0 starts the file; a part
// that was read and stopped at a bound proves the part starting there and
// drops those it read through. It returns the parts newly proven and read.
// Called with j.mu held.
func (j *partJob) settle() []*part {
	var proven []*part // the chain runs in file order
	n := len(j.parts)
	for j.front < n {
		p := j.parts[j.front]
		if p == nil {
			break
		}
		proven = append(proven, p)
		next := n
		if p.err == nil {
			if i := j.boundFrom(p.end); i >= 0 && i < n {
				next = i
			}
		}
		for i := j.front + 1; i < next; i++ {
			j.dead[i].Store(true)
			partsDropped.Add(1)
			if q := j.parts[i]; q != nil {
				j.recycle(q)
			}
		}
		j.front = next
	}
	return proven
}

// merge merges proven parts into the file's context, in file order, on
// one goroutine at a time; the last one finishes the job.
func (j *partJob) merge() {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := len(j.parts)
	for !j.busy && !j.done {
		if j.mergeK == n || j.err != nil {
			j.done = true
			j.cond.Broadcast()
			break
		}
		p := j.parts[j.mergeK]
		if p == nil || !p.ready {
			break
		}
		j.busy = true
		j.mu.Unlock()
		if p.fc != nil {
			j.fc.mergePart(p.fc)
		}
		j.mu.Lock()
		j.recycle(p)
		j.busy = false
		next := n
		if p.err != nil {
			j.err = p.err
		} else if i := j.boundFrom(p.end); i >= 0 && i < n {
			next = i
		}
		j.mergeK = next
		j.merged.Store(int64(next))
		j.sched.wake()
	}
}

// state is a part's state, reused from a merged part when there is one.
func (j *partJob) state(dead *atomic.Bool) *partState {
	var ps *partState
	select {
	case ps = <-j.states:
	default:
		ps = &partState{}
	}
	ps.reset(dead, j.fc.coll.max)
	return ps
}

// recycle takes back the state of a part merged or dropped.
func (j *partJob) recycle(p *part) {
	if p.fc == nil {
		return
	}
	select {
	case j.states <- p.fc.part:
	default:
	}
	p.fc = nil
}

// forPart is a context for checking one part of the file: the file's
// header and tables, its own collector and state.
func (fc *fileCtx) forPart(ps *partState) *fileCtx {
	pc := &fileCtx{plan: fc.plan, feed: fc.feed, format: fc.format, opt: fc.opt, now: fc.now, fileIdx: fc.fileIdx,
		colField: fc.colField, expect: fc.expect, header: fc.header,
		coll: newCollector(fc.coll.sev, fc.coll.max), part: ps}
	pc.setup()
	pc.tstate, pc.dup = fc.tstate, fc.dup
	return pc
}

// newPartReader is newReader for a part: its offsets and lines are the
// file's.
func (fc *fileCtx) newPartReader(r io.Reader, opt records.Options) partReader {
	opt.OnProblem, opt.Comma = fc.problem, fc.plan.delim
	if fc.format == "jsonl" {
		return records.NewJSONL(r, opt)
	}
	return records.NewCSV(r, opt)
}

// partReader is a records.Reader whose stop can move.
type partReader interface {
	records.Reader
	SetStop(off int64)
}

// insertHashes puts a proven part's record hashes in the file's table,
// noting the copies they reveal.
func (fc *fileCtx) insertHashes(t *dupFile) {
	ps := fc.part
	if len(ps.hashes) == 0 {
		return
	}
	ps.byShard = t.insertAll(ps.hashes, ps.byShard, ps.copies.add)
	ps.hashes = ps.hashes[:0]
}

// mergePart adds what a part found to the file's context, as if the file
// had been read on through it.
func (fc *fileCtx) mergePart(pc *fileCtx) {
	fc.coll.absorb(pc.coll)
	fc.records += pc.records
	fc.stats.add(&pc.stats)
	fc.calls.mergeCalls(pc.calls)
	ps := pc.part
	fc.copies.merge(&ps.copies)
	for _, k := range ps.keyFindings {
		fc.unknownKey(k.key, k.f)
	}
	for i := range ps.msgs {
		m := &ps.msgs[i]
		fc.applyMessage(m, ps.ids[m.idAt:m.idAt+m.idLen], nil)
	}
}

// rowAt reads the record at file offset off (on line) again and maps it,
// for a finding about a message read in a part of the file; nil when it
// cannot (the file changed). The row is valid until the next call.
func (fc *fileCtx) rowAt(off int64, line int) *Row {
	if fc.src == nil || fc.src.f == nil {
		return nil
	}
	rc := fc.reread
	if rc == nil {
		rc = &fileCtx{plan: fc.plan, feed: fc.feed, format: fc.format, opt: fc.opt, now: fc.now, fileIdx: fc.fileIdx,
			colField: fc.colField, expect: fc.expect, header: fc.header, coll: newCollector(fc.coll.sev, 0)}
		rc.row.V = make([]*records.Value, len(fc.feed.Fields))
		fc.reread = rc
	}
	rd := rc.newPartReader(io.NewSectionReader(fc.src.f, off, math.MaxInt64-off),
		records.Options{Start: off, Line: line, Stop: off + 1, SizeHint: 4 << 10})
	rec, err := rd.Next()
	if err != nil || rec.Offset != off {
		return nil
	}
	row := &rc.row
	row.Rec = rec
	clear(row.V)
	if fc.format == "csv" {
		rc.mapCSV(rec)
	} else {
		rc.mapJSONL(rec)
	}
	return row
}

// valuePos is the line and column of a field's value in the record at
// off, read again; the record's line and column 1 when it cannot be read.
func (fc *fileCtx) valuePos(off int64, line int32, field int) (int32, int32) {
	row := fc.rowAt(off, int(line))
	if row == nil || row.V[field] == nil {
		return line, 1
	}
	l, c := row.Rec.Pos(row.V[field].Off)
	return int32(l), int32(c)
}
