package rules

import (
	"context"
	"errors"
	"io"

	"github.com/preflight-data/preflight/records"
)

// A large file is parsed on one goroutine and checked on another, so both
// cores work on it: parsing and checking cost about the same per byte. The
// parser copies records into batches (its own buffers are reused on every
// Next); reader problems travel in the batch too, so only the checking
// goroutine ever touches the file's collector and rule state.

// pipelineMin is the file size from which a second goroutine pays for the
// copying and hand-over (a variable so tests can force the pipeline on).
var pipelineMin int64 = 16 << 20

const (
	batchBytes = 256 << 10
	batchVals  = 1 << 14
	batchRecs  = 2048
	inFlight   = 3
)

type batch struct {
	recs  []records.Record
	vals  []records.Value
	arena []byte
	probs []records.Problem
	// probAt[i] is how many records preceded problem i, so problems and
	// records are consumed in file order.
	probAt []int
	read   int64 // BytesRead after the last record
	first  int   // file index (0-based, header included) of recs[0]
	err    error
}

func newBatch() *batch {
	return &batch{
		recs:  make([]records.Record, 0, batchRecs),
		vals:  make([]records.Value, 0, batchVals),
		arena: make([]byte, 0, batchBytes),
	}
}

func (b *batch) reset(first int) {
	b.recs, b.vals, b.arena = b.recs[:0], b.vals[:0], b.arena[:0]
	b.probs, b.probAt = b.probs[:0], b.probAt[:0]
	b.first, b.err = first, nil
}

// fits reports whether rec can be copied without growing the arena or value
// slices, which would leave earlier records pointing at the old arrays.
func (b *batch) fits(rec *records.Record) bool {
	need := len(rec.Raw)
	for i := range rec.Values {
		need += len(rec.Values[i].Raw) + len(rec.Values[i].Key)
	}
	if len(b.recs) == 0 {
		// An empty batch takes any record, growing once if it must.
		if need > cap(b.arena) {
			b.arena = make([]byte, 0, need)
		}
		if len(rec.Values) > cap(b.vals) {
			b.vals = make([]records.Value, 0, len(rec.Values))
		}
		return true
	}
	return len(b.recs) < cap(b.recs) && len(b.arena)+need <= cap(b.arena) && len(b.vals)+len(rec.Values) <= cap(b.vals)
}

func (b *batch) copyBytes(p []byte) []byte {
	if p == nil {
		return nil
	}
	start := len(b.arena)
	b.arena = append(b.arena, p...)
	return b.arena[start:len(b.arena):len(b.arena)]
}

func (b *batch) add(rec *records.Record) {
	r := records.Record{Line: rec.Line, Offset: rec.Offset, Raw: b.copyBytes(rec.Raw)}
	start := len(b.vals)
	for _, v := range rec.Values {
		v.Raw = b.copyBytes(v.Raw)
		v.Key = b.copyBytes(v.Key)
		b.vals = append(b.vals, v)
	}
	r.Values = b.vals[start:len(b.vals):len(b.vals)]
	b.recs = append(b.recs, r)
}

func (fc *fileCtx) readPipelined(ctx context.Context, f io.Reader, prog *progressCounter) error {
	p := &parser{full: make(chan *batch, inFlight), free: make(chan *batch, inFlight), done: make(chan struct{})}
	for i := 0; i < inFlight; i++ {
		p.free <- newBatch()
	}
	defer close(p.done)
	go p.parse(fc, f)

	var reported int64
	for b := range p.full {
		if err := ctx.Err(); err != nil {
			return err
		}
		fc.consumeBatch(b)
		prog.add(b.read - reported)
		reported = b.read
		if b.err != nil {
			return b.err
		}
		p.free <- b
	}
	return nil
}

// consumeBatch checks a batch's records and reader problems in file order.
func (fc *fileCtx) consumeBatch(b *batch) {
	pi := 0
	for i := range b.recs {
		for ; pi < len(b.probs) && b.probAt[pi] <= i; pi++ {
			fc.problem(b.probs[pi])
		}
		fc.consume(&b.recs[i], b.first+i)
	}
	for ; pi < len(b.probs); pi++ {
		fc.problem(b.probs[pi])
	}
}

// parser is the parsing goroutine's side of the pipeline: it fills free
// batches and sends them full, until the file ends or done closes.
type parser struct {
	full, free chan *batch
	done       chan struct{}
	cur        *batch
}

// take starts a batch whose first record is the file's first-th.
func (p *parser) take(first int) bool {
	select {
	case p.cur = <-p.free:
		p.cur.reset(first)
		return true
	case <-p.done:
		return false
	}
}

func (p *parser) send() bool {
	select {
	case p.full <- p.cur:
		return true
	case <-p.done:
		return false
	}
}

// parse reads f into batches; it owns the reader, and closes full when done.
func (p *parser) parse(fc *fileCtx, f io.Reader) {
	defer close(p.full)
	if !p.take(0) {
		return
	}
	rd := fc.newReader(f, func(pr records.Problem) {
		p.cur.probs = append(p.cur.probs, pr)
		p.cur.probAt = append(p.cur.probAt, len(p.cur.recs))
	})
	for n := 0; ; n++ {
		rec, err := rd.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				p.cur.err = err
			}
			p.cur.read = rd.BytesRead()
			p.send()
			return
		}
		if !p.cur.fits(rec) {
			p.cur.read = rd.BytesRead()
			if !p.send() || !p.take(n) {
				return
			}
			p.cur.fits(rec)
		}
		p.cur.add(rec)
	}
}
