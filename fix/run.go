package fix

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/preflight-data/preflight/rules"
)

// runner is one run's state: the jobs in copy order, what spans files
// (exact records seen, the change log) and the temporary directory.
type runner struct {
	ctx  context.Context
	opt  *Options
	jobs []*job
	tmp  string
	log  *changeLog
	seen *keySet
}

// stdinHead is stdin (or a pipe) after its head was read to sniff it.
type stdinHead struct {
	head []byte
	rest io.Reader
	c    io.Closer
}

func newRunner(ctx context.Context, opt *Options, jobs []*job) (*runner, error) {
	tmp, err := os.MkdirTemp(opt.TempDir, "preflight-fix-")
	if err != nil {
		return nil, err
	}
	log, err := newChangeLog(opt.KeepChanges, opt.TempDir)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &runner{ctx: ctx, opt: opt, jobs: jobs, tmp: tmp, log: log, seen: newKeySet()}, nil
}

// cleanup drops whatever was not committed.
func (r *runner) cleanup() {
	for _, j := range r.jobs {
		if j.tgt != nil {
			j.tgt.Discard()
		}
		if j.lines != nil {
			j.lines.Close()
		}
	}
	r.log.discard()
	os.RemoveAll(r.tmp)
}

// open is a job's input as fix reads it: transcoded with --from-encoding.
// logChanges is false while a file is only sniffed (it is read again).
func (r *runner) open(j *job, logChanges bool) (io.Reader, io.Closer, error) {
	if j.stdin != nil {
		return io.MultiReader(bytes.NewReader(j.stdin.head), j.stdin.rest), j.stdin.c, nil
	}
	in := r.opt.Stdin
	var c io.Closer = io.NopCloser(nil)
	if path := firstNonEmpty(j.spool, j.in); path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		in, c = f, f
	}
	if r.opt.FromEncoding != "" && j.spool == "" {
		var log func(Change)
		if logChanges {
			log = func(ch Change) { r.log.add(j, ch) }
		}
		in = transcoded(in, r.opt.FromEncoding, log)
	}
	return in, c, nil
}

// sniffAll decides each file's format and feed as check will, before
// anything is written: a feed that cannot be told stops the run.
func (r *runner) sniffAll() error {
	for _, j := range r.jobs {
		// stdin and a pipe can be read only once: their head is kept.
		j.once = j.in == "-" || !regular(j.in)
		in, c, err := r.open(j, j.once)
		if err != nil {
			j.err = err
			continue
		}
		head, err := readHead(r.ctx, in)
		if cerr := r.ctx.Err(); cerr != nil {
			c.Close()
			return cerr
		}
		if err != nil {
			c.Close()
			j.err = err
			continue
		}
		whole := len(head) < rules.HeadSize
		j.size = -1 // not known before reading: stdin, a pipe, transcoded bytes
		if st, err := os.Stat(j.in); err == nil && !j.once && r.opt.FromEncoding == "" {
			j.size = st.Size()
		}
		if j.once {
			j.stdin = &stdinHead{head: head, rest: in, c: c}
		} else {
			c.Close()
		}
		if j.sniff, err = rules.Sniff(j.display, head, whole, r.opt.Check); err != nil {
			return err
		}
		if err := r.chooseFormat(j); err != nil {
			return err
		}
		scan := r.scanSeparator
		if j.sniff.Format == "jsonl" && j.to == "csv" && j.sniff.Feed != nil {
			scan = r.scanKeys
		}
		if err := scan(j); err != nil {
			if cerr := r.ctx.Err(); cerr != nil {
				return cerr
			}
			j.err = err
		}
	}
	return nil
}

// scanSeparator decides whether a CSV separated by ';', tab or '|' is
// written with commas: only when fix can read every line of it, which
// takes a first read (stdin or a pipe is kept in a file for it). A line
// fix cannot read is written as it was, and would leave the copy with two
// separators, which check could then tell either way.
func (r *runner) scanSeparator(j *job) error {
	if j.sniff.Format != "csv" || j.sniff.Delim == 0 || j.sniff.Delim == ',' || j.to != "csv" || j.sniff.Feed == nil {
		return nil
	}
	in, c, err := r.openFirstPass(j)
	if err != nil {
		return err
	}
	defer c.Close()
	s := newStream(in, true, j.sniff.Delim)
	j.recomma = true
	err = eachEvent(r.ctx, s, -1, func(ev *event) error {
		gap := ev.gap
		if ev.gapStart == 0 {
			gap = bytes.TrimPrefix(gap, bom)
		}
		if len(bytes.Trim(gap, "\r\n")) > 0 {
			j.recomma = false
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

var errStop = errors.New("stop")

// maxExtraKeys bounds the keys outside the feed a JSONL file made CSV may
// bring: each is a column.
const maxExtraKeys = 1000

// scanKeys reads a JSONL file to be written as CSV once through for its
// columns: the feed's fields, then every other key in the order first
// seen. An object with a key twice cannot be a CSV row without losing one
// value: the file is then not converted.
func (r *runner) scanKeys(j *job) error {
	in, c, err := r.openFirstPass(j)
	if err != nil {
		return err
	}
	defer c.Close()
	feed := j.sniff.Feed
	known := map[string]bool{}
	seen := make([]bool, len(feed.Fields))
	return eachEvent(r.ctx, newStream(in, false, 0), -1, func(ev *event) error {
		if ev.rec == nil {
			return nil
		}
		clear(seen)
		keys := map[string]bool{}
		for _, v := range ev.rec.Values {
			if keys[string(v.Key)] {
				return fmt.Errorf("--to csv: line %d has the key %q twice, and a CSV row has one column for it; fix it by hand, or keep JSONL", ev.rec.Line, v.Key)
			}
			keys[string(v.Key)] = true
			if fi, ok := feed.LookupBytes(v.Key); ok {
				seen[fi] = true
			}
		}
		for _, v := range ev.rec.Values {
			if _, ok := feed.LookupBytes(v.Key); ok {
				continue
			}
			if fi, ok := feed.LookupFold(strings.TrimSpace(string(v.Key))); ok && !seen[fi] {
				seen[fi] = true // renamed to the field, as fix will
				continue
			}
			if !known[string(v.Key)] {
				if len(j.extraKeys) == maxExtraKeys {
					return fmt.Errorf("--to csv: more than %d keys outside the feed, one column each; keep JSONL", maxExtraKeys)
				}
				known[string(v.Key)] = true
				j.extraKeys = append(j.extraKeys, append([]byte(nil), v.Key...))
			}
		}
		return nil
	})
}

// openFirstPass opens a job's input for a pass before the copy is written,
// keeping a read-once input in a file first so it can be read again.
func (r *runner) openFirstPass(j *job) (io.Reader, io.Closer, error) {
	if j.once {
		if err := r.spool(j); err != nil {
			return nil, nil, err
		}
	}
	return r.open(j, false)
}

// spool keeps a read-once input in a file of the run, transcoded.
func (r *runner) spool(j *job) error {
	in, c, err := r.open(j, true)
	if err != nil {
		return err
	}
	defer c.Close()
	f, err := os.CreateTemp(r.tmp, "input-*")
	if err != nil {
		return err
	}
	defer f.Close()
	done := make(chan error, 1)
	go func() {
		_, err := io.Copy(f, in)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return err
		}
	case <-r.ctx.Done(): // a pipe may never end
		return r.ctx.Err()
	}
	j.spool, j.once, j.stdin, j.size = f.Name(), false, nil, -1
	return nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func regular(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// readHead reads the first rules.HeadSize bytes of r, or all of a shorter
// input. A pipe may block: the read gives way to an interrupt.
func readHead(ctx context.Context, r io.Reader) ([]byte, error) {
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		head := make([]byte, rules.HeadSize)
		n, err := io.ReadFull(r, head)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = nil
		}
		done <- result{head[:n], err}
	}()
	select {
	case res := <-done:
		return res.b, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// chooseFormat decides what the copy is.
func (r *runner) chooseFormat(j *job) error {
	j.to = r.opt.To
	if j.to == "" || j.sniff.Binary != "" || j.sniff.Feed == nil {
		j.to = j.sniff.Format
	}
	switch {
	case r.opt.InPlace && j.to != j.sniff.Format:
		return &rules.UsageError{Msg: fmt.Sprintf("--in-place keeps each file's format, and %s is %s: use --out DIR with --to %s", j.display, strings.ToUpper(j.sniff.Format), j.to)}
	}
	return nil
}

// repairAll runs the first pass over every file in copy order, decides
// the run-wide transcript repairs, and runs pass 2 where they need it.
func (r *runner) repairAll() error {
	for _, j := range r.jobs {
		if j.err != nil {
			continue
		}
		if err := r.pass1(j); err != nil {
			if cerr := r.ctx.Err(); cerr != nil {
				return cerr
			}
			j.fail(err)
		}
	}
	r.decide()
	for _, j := range r.jobs {
		if j.err != nil || len(j.actions) == 0 {
			continue
		}
		if err := r.pass2(j); err != nil {
			if cerr := r.ctx.Err(); cerr != nil {
				return cerr
			}
			j.fail(err)
		}
	}
	for _, j := range r.jobs {
		if j.err == nil {
			j.same = j.to == j.sniff.Format && total(j.counts) == 0
		}
		j.tr = nil // the re-check needs its own memory, not this
	}
	r.seen = nil
	debug.FreeOSMemory() // and the process's peak is one of the two, not both
	return nil
}

func (j *job) fail(err error) {
	j.err = err
	if j.tgt != nil {
		j.tgt.Discard()
		j.tgt = nil
	}
}

func total(m map[string]int64) int64 {
	var n int64
	for _, c := range m {
		n += c
	}
	return n
}

// pass1 reads a file once, writing its repaired copy.
func (r *runner) pass1(j *job) error {
	in, c, err := r.open(j, !j.once)
	if err != nil {
		return err
	}
	defer c.Close()
	if j.tgt, err = newTarget(j, r.tmp, r.opt.Stdout); err != nil {
		return err
	}
	out := newOutput(j.tgt)
	if j.sniff.Binary != "" || j.sniff.Feed == nil {
		// Nothing fix can read: copied as it is, for check to report.
		_, err := io.Copy(out.w, in)
		if err != nil {
			return err
		}
		return out.flush()
	}
	p := newPass(r, j, out)
	if p.tr != nil {
		if j.lines, err = os.CreateTemp(r.tmp, "lines-*"); err != nil {
			return err
		}
		p.tr.lines = bufio.NewWriterSize(j.lines, 64<<10)
		j.tr = p.tr
	}
	s := newStream(in, p.csvIn, j.sniff.Delim)
	err = eachEvent(r.ctx, s, j.size, func(ev *event) error {
		if ev.gap != nil {
			p.onGap(ev.gap, ev.gapStart, ev.gapLine)
		}
		if ev.rec != nil {
			return p.onRecord(ev.rec, ev.term)
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.finish()
	if p.tr != nil {
		if err := p.tr.lines.Flush(); err != nil {
			return err
		}
	}
	if err := r.log.err; err != nil {
		return fmt.Errorf("writing the change log: %w", err)
	}
	if err := out.flush(); err != nil {
		return err
	}
	if r.seen.n == 0 {
		r.seen = p.fileSeen
	} else {
		r.seen.merge(p.fileSeen)
	}
	return nil
}

// recheck checks every copy with the same engine and rules as check, in
// copy order, each read from its temporary file but named as the copy
// (rules.Source), so findings, config globs and the S3 layout all see the
// name the copy will have. Each is read with its input's feed.
func (r *runner) recheck() (*rules.Result, error) {
	in := &rules.Inputs{}
	feeds := map[string]string{}
	for _, j := range r.jobs {
		if j.err != nil || j.tgt == nil {
			continue
		}
		in.Files = append(in.Files, rules.Input{Path: j.out, Source: tempSource(j.tgt.TempName())})
		if j.sniff.Feed != nil {
			feeds[j.outDisplay] = j.sniff.Feed.ID
		}
	}
	if len(in.Files) == 0 {
		return &rules.Result{}, nil
	}
	opt := r.opt.Check
	base := opt.FeedFor
	opt.FeedFor = func(p string) string {
		if f, ok := feeds[p]; ok {
			return f
		}
		if base != nil {
			return base(p)
		}
		return ""
	}
	opt.Progress = nil
	res, err := rules.RunInputs(r.ctx, in, opt)
	if cerr := r.ctx.Err(); cerr != nil {
		if res != nil {
			res.Close()
		}
		return nil, cerr
	}
	if err != nil {
		if res != nil {
			res.Close()
		}
		return nil, fmt.Errorf("re-checking the copies: %w", err)
	}
	return res, nil
}

// tempSource is a copy's temporary file, read for the re-check.
type tempSource string

func (t tempSource) Open(context.Context) (io.ReadCloser, int64, error) {
	f, err := os.Open(string(t))
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}

// commit puts every re-checked copy in place: renamed over its path (an
// input with --in-place: only if fix changed it, with its permissions), or
// sent to stdout.
func (r *runner) commit() error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	for _, j := range r.jobs {
		if j.err != nil || j.tgt == nil {
			continue
		}
		if r.opt.InPlace {
			if j.same {
				j.tgt.Discard()
				j.tgt = nil
				continue
			}
			if st, err := os.Stat(j.in); err == nil {
				if err := os.Chmod(j.tgt.TempName(), st.Mode().Perm()); err != nil {
					j.fail(err)
					continue
				}
			}
		}
		if err := j.tgt.Commit(); err != nil {
			j.fail(err)
			continue
		}
		j.tgt = nil
	}
	return nil
}

func (r *runner) files() []File {
	out := make([]File, 0, len(r.jobs))
	for _, j := range r.jobs {
		f := File{In: j.display, Out: j.outDisplay, Format: j.sniff.Format, To: j.to,
			RecordsIn: j.recIn, RecordsOut: j.recOut, Changes: j.counts, Unchanged: j.same, Err: j.err}
		if j.sniff.Feed != nil {
			f.Feed = j.sniff.Feed.ID
		}
		out = append(out, f)
	}
	return out
}
