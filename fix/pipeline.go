package fix

import (
	"context"
	"errors"
	"io"
	"runtime"
	"unsafe"

	"github.com/preflight-data/preflight/records"
)

// A large file is read and parsed on one goroutine and repaired on
// another, as check does, so both cores work on it: parsing costs about as
// much as repairing. Events are copied into batches, because the reader
// reuses its buffers on every call.

// pipelineMin is the input size from which the second goroutine pays (a
// variable so tests can force it).
var pipelineMin int64 = 4 << 20

const (
	batchArena = 1 << 20
	batchFull  = 4096 // events
	inFlight   = 3
)

type evBatch struct {
	evs   []event
	recs  []records.Record
	vals  []records.Value
	arena []byte
	err   error
}

// fits reports whether ev can be copied without growing the batch's
// arrays (which would leave earlier events pointing at the old ones).
func (b *evBatch) fits(ev *event) bool {
	need := len(ev.gap) + len(ev.term)
	nv := 0
	if ev.rec != nil {
		// A value or key is never longer than the record it was read
		// from, and together they are at most twice it: a bound, so the
		// values need not be summed one by one.
		need += 3 * len(ev.rec.Raw)
		nv = len(ev.rec.Values)
	}
	if len(b.evs) == 0 {
		if need > cap(b.arena) {
			b.arena = make([]byte, 0, need)
		}
		if nv > cap(b.vals) {
			b.vals = make([]records.Value, 0, nv)
		}
		return true
	}
	return len(b.evs) < batchFull && len(b.arena)+need <= cap(b.arena) && len(b.vals)+nv <= cap(b.vals)
}

func (b *evBatch) bytes(p []byte) []byte {
	if p == nil {
		return nil
	}
	start := len(b.arena)
	b.arena = append(b.arena, p...)
	return b.arena[start:len(b.arena):len(b.arena)]
}

func (b *evBatch) add(ev *event) {
	c := event{gap: b.bytes(ev.gap), gapStart: ev.gapStart, gapLine: ev.gapLine, term: b.bytes(ev.term)}
	if ev.rec != nil {
		r := records.Record{Line: ev.rec.Line, Offset: ev.rec.Offset, Raw: b.bytes(ev.rec.Raw)}
		start := len(b.vals)
		for _, v := range ev.rec.Values {
			// Most values lie inside the record's bytes: point into the
			// copy rather than copy them again.
			v.Raw = b.rebase(ev.rec.Raw, r.Raw, v.Raw)
			v.Key = b.rebase(ev.rec.Raw, r.Raw, v.Key)
			b.vals = append(b.vals, v)
		}
		r.Values = b.vals[start:len(b.vals):len(b.vals)]
		b.recs = append(b.recs, r)
		c.rec = &b.recs[len(b.recs)-1]
	}
	b.evs = append(b.evs, c)
}

// rebase is sub, read from the record's bytes from, in their copy to; or
// a copy of its own when it lies elsewhere (undoubled or unescaped text).
func (b *evBatch) rebase(from, to, sub []byte) []byte {
	if sub == nil {
		return nil
	}
	if o, ok := within(from, sub); ok {
		return to[o : o+len(sub) : o+len(sub)]
	}
	return b.bytes(sub)
}

// within reports where sub starts inside whole, if it does.
func within(whole, sub []byte) (int, bool) {
	if len(sub) == 0 || len(whole) == 0 {
		return 0, len(sub) == 0
	}
	o := int(uintptr(unsafe.Pointer(&sub[0])) - uintptr(unsafe.Pointer(&whole[0])))
	return o, o >= 0 && o+len(sub) <= len(whole)
}

func (b *evBatch) reset() {
	b.evs, b.recs, b.vals, b.arena, b.err = b.evs[:0], b.recs[:0], b.vals[:0], b.arena[:0], nil
}

// eachEvent hands every event of s to fn, in order.
func eachEvent(ctx context.Context, s *stream, size int64, fn func(*event) error) error {
	if runtime.GOMAXPROCS(0) < 2 || size >= 0 && size < pipelineMin {
		for n := 0; ; n++ {
			if n&1023 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			ev, err := s.next()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := fn(&ev); err != nil {
				return err
			}
		}
	}
	return eachEventPipelined(ctx, s, fn)
}

func eachEventPipelined(ctx context.Context, s *stream, fn func(*event) error) error {
	full := make(chan *evBatch, inFlight)
	free := make(chan *evBatch, inFlight)
	for range inFlight {
		free <- &evBatch{
			evs: make([]event, 0, batchFull), recs: make([]records.Record, 0, batchFull),
			vals: make([]records.Value, 0, 8*batchFull), arena: make([]byte, 0, batchArena),
		}
	}
	done := make(chan struct{})
	defer close(done)
	go produce(s, full, free, done)
	for {
		var b *evBatch
		select {
		case b = <-full:
		case <-ctx.Done(): // the reader may be blocked on a pipe
			return ctx.Err()
		}
		if b == nil {
			return nil
		}
		for i := range b.evs {
			if err := fn(&b.evs[i]); err != nil {
				return err
			}
		}
		if b.err != nil {
			return b.err
		}
		free <- b
	}
}

// produce reads s into batches until the end, an error, or done.
func produce(s *stream, full, free chan *evBatch, done chan struct{}) {
	defer close(full)
	var cur *evBatch
	take := func() bool {
		select {
		case cur = <-free:
			cur.reset()
			return true
		case <-done:
			return false
		}
	}
	send := func() bool {
		select {
		case full <- cur:
			return true
		case <-done:
			return false
		}
	}
	if !take() {
		return
	}
	for {
		ev, err := s.next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				cur.err = err
			}
			send()
			return
		}
		if !cur.fits(&ev) {
			if !send() || !take() {
				return
			}
			cur.fits(&ev)
		}
		cur.add(&ev)
	}
}
