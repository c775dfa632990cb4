// Package fix writes repaired copies of data files: the mechanical,
// meaning-preserving repairs of what check reports (a null written
// another way, a timestamp in another zone, messages out of order, exact
// duplicates...), optionally converting CSV to the JSONL ASAPP recommends,
// and then re-checks the copies with the same engine, so what it says is
// left is exactly what check will say.
//
// Files are streamed: memory grows with conversations and (for exact
// duplicates) records, never with bytes. A conversation whose messages are
// contiguous is sorted in memory; one spread over the file is gathered in a
// second pass through a sort that spills to disk.
package fix

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/preflight-data/preflight/rules"
)

// Options say what to repair, from where to where. The command builds them
// from its flags; the zero value of each field is the default.
type Options struct {
	// To converts every file to "csv" or "jsonl"; "" keeps each file's format.
	To string
	// OutDir receives the copies, mirroring directory arguments.
	OutDir string
	// Output is the one copy's path when a single input is fixed; "-" is stdout.
	Output string
	// InPlace replaces each input, after its copy is written and re-checked.
	InPlace bool
	// AssumeTZ is the zone of timestamps written without one (--assume-tz);
	// nil leaves them alone.
	AssumeTZ *time.Location
	// RoleMap maps other sender_role words, lower case, to agent, customer or bot.
	RoleMap map[string]string
	// FromEncoding transcodes what is not UTF-8: "windows-1252", "latin1" or "utf-16".
	FromEncoding string
	// Check is how files are read (feeds, --feed, config's globs) and how the
	// copies are re-checked (severities, settings, partition, cap).
	Check rules.Options
	// Exclude is config's exclude globs, as for check's directory walks.
	Exclude func(path string) string
	// KeepChanges spools every change for Result.WriteReport.
	KeepChanges bool
	// Stdin and Stdout stand for "-"; nil means os.Stdin and os.Stdout.
	Stdin  io.Reader
	Stdout io.Writer
	// TempDir holds spills and spools ("" = the system's).
	TempDir string
}

// Encodings are the values FromEncoding takes.
var Encodings = []string{"windows-1252", "latin1", "utf-16"}

// File is what fix did to one input.
type File struct {
	// In and Out are the input and the copy as named ("-" for stdin, stdout).
	In, Out string
	Feed    string
	// Format is what the input is, To what the copy is: "csv" or "jsonl".
	Format, To string
	// RecordsIn counts the input's data records, RecordsOut the copy's.
	RecordsIn, RecordsOut int64
	// Changes counts the changes by the rule whose finding each repairs.
	Changes map[string]int64
	// Unchanged says the copy is byte for byte the input (an in-place
	// file is then left untouched).
	Unchanged bool
	// Err is why the file could not be repaired; nothing was written for it.
	Err error
}

// Result is a whole run.
type Result struct {
	Files []File
	// Check is the re-check of the copies, reported under their names.
	Check *rules.Result
	// Duration of the whole run.
	Duration time.Duration

	spool *os.File // every change, one JSON object a line (KeepChanges)
}

// ChangeCount is the total number of changes.
func (r *Result) ChangeCount() int64 {
	var n int64
	for _, f := range r.Files {
		for _, c := range f.Changes {
			n += c
		}
	}
	return n
}

// Errs joins the files that could not be repaired.
func (r *Result) Errs() error {
	var errs []error
	for _, f := range r.Files {
		if f.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.In, f.Err))
		}
	}
	return errors.Join(errs...)
}

// Close removes the change spool, and the re-check's findings kept on disk.
func (r *Result) Close() {
	if r.Check != nil {
		r.Check.Close()
	}
	if r.spool != nil {
		r.spool.Close()
		os.Remove(r.spool.Name())
		r.spool = nil
	}
}

// Run repairs the files and directories in paths ("-" is stdin), writes
// the copies, re-checks them and reports. The error is a *rules.UsageError
// for an invocation that cannot work (nothing is written then), or the
// context's error when interrupted (nothing is written or replaced). Files
// that cannot be read are in Result.Files with Err set; the others are
// written.
func Run(ctx context.Context, paths []string, opt Options) (*Result, error) {
	start := time.Now()
	if err := opt.validate(); err != nil {
		return nil, err
	}
	jobs, err := plan(paths, &opt)
	if err != nil {
		return nil, err
	}
	r, err := newRunner(ctx, &opt, jobs)
	if err != nil {
		return nil, err
	}
	defer r.cleanup()
	if err := r.sniffAll(); err != nil {
		return nil, err
	}
	if err := r.repairAll(); err != nil {
		return nil, err
	}
	res := &Result{spool: r.log.detach()}
	res.Check, err = r.recheck()
	if err != nil {
		res.Close()
		return nil, err
	}
	if err := r.commit(); err != nil {
		res.Close()
		return nil, err
	}
	res.Files = r.files()
	res.Duration = time.Since(start)
	return res, nil
}

func (o *Options) validate() error {
	usage := func(format string, a ...any) error { return &rules.UsageError{Msg: fmt.Sprintf(format, a...)} }
	switch o.To {
	case "", "csv", "jsonl":
	default:
		return usage("--to %q: use csv or jsonl", o.To)
	}
	n := 0
	for _, set := range []bool{o.OutDir != "", o.Output != "", o.InPlace} {
		if set {
			n++
		}
	}
	if n != 1 {
		return usage("fix writes a repaired copy: give exactly one of --out DIR, -o FILE (- for stdout) or --in-place")
	}
	if o.FromEncoding != "" && !contains(Encodings, o.FromEncoding) {
		return usage("--from-encoding %q: use windows-1252, latin1 or utf-16", o.FromEncoding)
	}
	for from, to := range o.RoleMap {
		if !contains([]string{"agent", "customer", "bot"}, to) || from == "" {
			return usage("--role-map %s=%s: map a word to agent, customer or bot", from, to)
		}
	}
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
