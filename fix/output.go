package fix

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"

	"github.com/preflight-data/preflight/atomicfile"
)

// target is where a copy is written before it is committed: a temporary
// file beside its final path (atomicfile: rename into place once
// re-checked), or, for stdout, one in the run's temporary directory.
type target interface {
	io.Writer
	TempName() string
	Commit() error
	Discard()
}

func newTarget(j *job, tmpDir string, stdout io.Writer) (target, error) {
	if j.out == "-" {
		f, err := os.CreateTemp(tmpDir, "stdout-*"+filepath.Ext(j.display))
		if err != nil {
			return nil, err
		}
		return &stdoutTarget{f: f, w: stdout}, nil
	}
	if dir := filepath.Dir(j.out); dir != "." {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return nil, err
		}
	}
	return atomicfile.Create(j.out)
}

// stdoutTarget is a copy for stdout: only a re-checked copy is sent.
type stdoutTarget struct {
	f    *os.File
	w    io.Writer
	done bool
}

func (t *stdoutTarget) Write(p []byte) (int, error) { return t.f.Write(p) }
func (t *stdoutTarget) TempName() string            { return t.f.Name() }

func (t *stdoutTarget) Commit() error {
	defer t.Discard()
	if _, err := t.f.Seek(0, 0); err != nil {
		return err
	}
	_, err := io.Copy(t.w, t.f)
	return err
}

func (t *stdoutTarget) Discard() {
	if !t.done {
		t.done = true
		t.f.Close()
		os.Remove(t.f.Name())
	}
}

// output writes a copy's bytes. Every record goes out with its own line
// end; a record that had none (the input's last line) gets the file's
// usual one only if something follows it, so an input without a final
// line end that fix does not reorder keeps that shape.
type output struct {
	w        *bufio.Writer
	n        int64 // bytes written so far
	defTerm  []byte
	needTerm bool
}

func newOutput(w io.Writer) *output {
	return &output{w: bufio.NewWriterSize(w, 1<<20), defTerm: lf}
}

func (o *output) sep() {
	if o.needTerm {
		o.needTerm = false
		o.write(o.defTerm)
	}
}

func (o *output) write(b []byte) {
	n, _ := o.w.Write(b) // the error is sticky; flush returns it
	o.n += int64(n)
}

// record writes a record and its line end; it returns the record's offset.
func (o *output) record(b, term []byte) int64 {
	o.sep()
	off := o.n
	o.write(b)
	if len(term) == 0 {
		o.needTerm = true
	} else {
		o.write(term)
	}
	return off
}

// raw writes bytes that are not a record (a line fix could not read).
func (o *output) raw(b []byte) {
	if len(b) == 0 {
		return
	}
	o.sep()
	o.write(b)
	o.needTerm = !bytes.HasSuffix(b, lf)
}

func (o *output) flush() error { return o.w.Flush() }
