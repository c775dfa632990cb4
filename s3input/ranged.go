package s3input

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// rangedReader reads a large object as PartSize ranges, Concurrency of them
// in flight, and hands them out in order: memory is bounded by about
// Concurrency × PartSize however large the object is.
type rangedReader struct {
	ob     *object
	cancel context.CancelFunc
	parts  chan *part // in order; each is being fetched once it is here
	cur    *part
	pos    int   // read position in cur.data
	off    int64 // bytes handed out
	err    error
}

type part struct {
	off  int64
	n    int64
	buf  *[]byte
	err  error
	done chan struct{}
}

func newRanged(ctx context.Context, ob *object) *rangedReader {
	ctx, cancel := context.WithCancel(ctx)
	r := &rangedReader{ob: ob, cancel: cancel, parts: make(chan *part, ob.c.o.Concurrency-1)}
	go r.produce(ctx)
	return r
}

// produce queues the ranges in order; a range starts its fetch once it is
// queued, so at most Concurrency are fetched or held at once (the queued
// ones and the one being read).
func (r *rangedReader) produce(ctx context.Context) {
	defer close(r.parts)
	size := r.ob.size
	for off := int64(0); off < size; off += r.ob.c.o.PartSize {
		p := &part{off: off, n: min(r.ob.c.o.PartSize, size-off), done: make(chan struct{})}
		select {
		case r.parts <- p:
		case <-ctx.Done():
			return
		}
		go r.fetch(ctx, p)
	}
}

// fetch reads one range whole, again from its start when the body breaks
// off.
func (r *rangedReader) fetch(ctx context.Context, p *part) {
	defer close(p.done)
	p.buf = r.ob.c.bufs.Get().(*[]byte)
	data := (*p.buf)[:p.n]
	for attempt := 1; ; attempt++ {
		body, err := r.ob.get(ctx, p.off, p.off+p.n-1)
		if err == nil {
			_, err = io.ReadFull(body, data)
			_ = body.Close()
		}
		if err == nil {
			return
		}
		if attempt >= maxAttempts || !retryable(ctx, err) {
			var ch *ChangedError
			if !errors.As(err, &ch) {
				err = &Error{Op: "read", Err: fmt.Errorf("bytes %d-%d: %w", p.off, p.off+p.n-1, err)}
			}
			p.err = err
			return
		}
	}
}

func (r *rangedReader) Read(b []byte) (int, error) {
	for r.cur == nil || int64(r.pos) == r.cur.n {
		if err := r.next(); err != nil {
			return 0, err
		}
	}
	n := copy(b, (*r.cur.buf)[r.pos:r.cur.n])
	r.pos += n
	r.off += int64(n)
	return n, nil
}

// next moves to the following range, waiting for its fetch.
func (r *rangedReader) next() error {
	if r.err != nil {
		return r.err
	}
	r.release()
	p, ok := <-r.parts
	if !ok {
		r.err = io.EOF
		if r.off < r.ob.size {
			// The queue closed early: the run was cancelled.
			r.err = fmt.Errorf("read stopped at byte %d: %w", r.off, context.Canceled)
		}
		return r.err
	}
	<-p.done
	r.cur, r.pos = p, 0
	if p.err != nil {
		r.err = p.err
	}
	return r.err
}

// release returns the current range's buffer for reuse.
func (r *rangedReader) release() {
	if r.cur != nil && r.cur.buf != nil {
		r.ob.c.bufs.Put(r.cur.buf)
	}
	r.cur = nil
}

// Close stops the fetches still in flight.
func (r *rangedReader) Close() error {
	r.cancel()
	r.release()
	return nil
}
