package main

import (
	"context"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/atomicfile"
	"github.com/preflight-data/preflight/reports"
	"github.com/preflight-data/preflight/rules"
)

// outputs are the files a command writes at the end — --report files and
// publish's --receipt — opened before any work, so a path that cannot be
// written fails the run at once (exit 2) rather than after an upload. Each
// is written to a temporary file and renamed into place only when
// complete, so a reader never sees half of one.
type outputs struct {
	reports []preparedReport
	receipt *atomicfile.File
	// ctx, when set, cuts report writing short when it is done (Ctrl-C):
	// check sets it; publish writes its reports and receipt whatever
	// happened, an interrupted run included.
	ctx context.Context
}

type preparedReport struct {
	format, path string
	file         *atomicfile.File
}

// prepareOutputs opens every --report file and, when receipt is set, the
// receipt.
func prepareOutputs(s *settings, receipt string) (*outputs, error) {
	o := &outputs{}
	for _, path := range s.reportKeys {
		f, err := atomicfile.Create(path)
		if err != nil {
			o.discard()
			return nil, cli.Exit(fmt.Sprintf("--report %s=%s: %v", s.reports[path], path, err), 2)
		}
		o.reports = append(o.reports, preparedReport{format: s.reports[path], path: path, file: f})
	}
	if receipt != "" {
		f, err := atomicfile.Create(receipt)
		if err != nil {
			o.discard()
			return nil, cli.Exit(fmt.Sprintf("--receipt %s: %v", receipt, err), 2)
		}
		o.receipt = f
	}
	return o, nil
}

// discard drops whatever was not committed; deferred by every command.
func (o *outputs) discard() {
	for _, r := range o.reports {
		r.file.Discard()
	}
	if o.receipt != nil {
		o.receipt.Discard()
	}
}

// writeReports writes --format to stdout and every --report file. The
// files are committed together once all are written, so an interrupted
// run leaves none of them half-written or out of step with the others.
func (o *outputs) writeReports(s *settings, res *rules.Result) error {
	opt := s.report
	opt.FailOn, opt.FailNever = s.failOn, s.failNever
	w, _ := reports.Lookup(s.format)
	stdout := o.guard(s.stdout)
	if err := w(stdout, res, opt); err != nil {
		if o.interrupted() {
			return interruptedReporting(stdout.n > 0, true)
		}
		return cli.Exit(fmt.Sprintf("writing %s report: %v", s.format, err), 2)
	}
	opt.Color = false
	for _, r := range o.reports {
		w, _ := reports.Lookup(r.format)
		if err := w(o.guard(r.file), res, opt); err != nil {
			if o.interrupted() {
				return interruptedReporting(true, false)
			}
			return cli.Exit(fmt.Sprintf("--report %s=%s: %v", r.format, r.path, err), 2)
		}
	}
	if len(o.reports) > 0 && o.interrupted() {
		return interruptedReporting(true, false)
	}
	for _, r := range o.reports {
		if err := r.file.Commit(); err != nil {
			return cli.Exit(fmt.Sprintf("--report %s=%s: %v", r.format, r.path, err), 2)
		}
	}
	return nil
}

// interruptedReporting is the one line for Ctrl-C while reports were being
// written: exit 130, and what the user has and has not got.
func interruptedReporting(wroteStdout, stdoutCut bool) error {
	switch {
	case !wroteStdout:
		return errInterrupted
	case stdoutCut:
		return cli.Exit("interrupted: the report on stdout is incomplete; no --report file was written", 130)
	}
	return cli.Exit("interrupted: no --report file was written", 130)
}

func (o *outputs) interrupted() bool { return o.ctx != nil && o.ctx.Err() != nil }

// guard is w, failing every write once o.ctx is done, so Ctrl-C stops a
// report of a million findings within one buffer's write.
func (o *outputs) guard(w io.Writer) *stopWriter { return &stopWriter{ctx: o.ctx, w: w} }

type stopWriter struct {
	ctx context.Context
	w   io.Writer
	n   int64 // bytes written
}

func (s *stopWriter) Write(p []byte) (int, error) {
	if s.ctx != nil && s.ctx.Err() != nil {
		return 0, s.ctx.Err()
	}
	n, err := s.w.Write(p)
	s.n += int64(n)
	return n, err
}

// writeReceipt commits the receipt, if one was asked for.
func (o *outputs) writeReceipt(write func(io.Writer) error) error {
	if o.receipt == nil {
		return nil
	}
	if err := write(o.receipt); err != nil {
		return err
	}
	return o.receipt.Commit()
}
