package rules

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/preflight-data/preflight/digest"
)

// Every input is opened once and read once, front to back: the first bytes
// that decide format and feed are kept and replayed in front of the rest, so
// a pipe, a FIFO, a process substitution or stdin is checked exactly like
// the same bytes in a regular file.

// waitingOpen is called when an open starts waiting for a FIFO's writer
// (a hook for tests).
var waitingOpen = func(string) {}

// input is an opened file, or an opened Source.
type input struct {
	f     *os.File
	src   io.ReadCloser // a Source's stream; f is nil then
	stdin bool
	stop  func() bool // ends the cancellation hook
}

// reader is what the input's bytes are read from.
func (in *input) reader() io.Reader {
	if in.src != nil {
		return in.src
	}
	return in.f
}

// openInput opens p.path and sets p.size and p.stream. Opening a FIFO waits
// for a writer, so it waits in a goroutine: a cancelled context (Ctrl-C)
// still ends the run.
func openInput(ctx context.Context, p *filePlan) (*input, error) {
	if p.source != nil {
		return openSource(ctx, p)
	}
	in := &input{}
	if p.path == Stdin {
		in.f, in.stdin = os.Stdin, true
	} else {
		st, err := os.Stat(p.path)
		if err != nil {
			return nil, err
		}
		if st.IsDir() {
			return nil, errors.New("is a directory")
		}
		if st.Mode().IsRegular() {
			in.f, err = os.Open(p.path)
		} else {
			in.f, err = openWaiting(ctx, p.path)
		}
		if err != nil {
			return nil, err
		}
	}
	st, err := in.f.Stat()
	if err != nil {
		in.close()
		return nil, err
	}
	if st.IsDir() {
		in.close()
		return nil, errors.New("is a directory")
	}
	p.stream = !st.Mode().IsRegular()
	if !p.stream {
		p.size = st.Size()
	} else {
		// A read blocked on a pipe ends when the run is cancelled (where
		// the OS lets Go poll the file; the engine stops waiting anyway).
		in.stop = context.AfterFunc(ctx, func() { _ = in.f.SetReadDeadline(time.Now()) })
	}
	return in, nil
}

func openWaiting(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	waitingOpen(path)
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

func (in *input) close() {
	if in.src != nil {
		_ = in.src.Close()
		return
	}
	if in.stop != nil {
		in.stop()
	}
	if !in.stdin {
		in.f.Close()
	}
}

// head reads the bytes that decide format and feed; whole says they are all
// of the input. A regular file is asked for one byte more than its size, so
// a small file is read whole into a buffer its size.
func (in *input) head(p *filePlan) (head []byte, whole bool, err error) {
	n := int64(sniffSize)
	if !p.stream {
		n = min(n, p.size+1)
	}
	buf := make([]byte, n)
	got, err := io.ReadFull(in.reader(), buf)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return buf[:got], true, nil
	}
	if err != nil {
		return nil, false, err
	}
	return buf, false, nil
}

// countingReader counts the bytes read through it: a stream's size is
// known only once it has been read.
type countingReader struct {
	r io.Reader
	n int64
	// hash, with Options.Hash, fingerprints every byte read, the replayed
	// head included: publish uploads only bytes with this digest.
	hash *digest.Hasher
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.hash != nil {
		_, _ = c.hash.Write(p[:n])
	}
	return n, err
}

// rest is the whole input again: the head, then what follows it.
func (in *input) rest(head []byte, whole bool) *countingReader {
	if whole {
		return &countingReader{r: bytes.NewReader(head)}
	}
	return &countingReader{r: io.MultiReader(bytes.NewReader(head), in.reader())}
}
