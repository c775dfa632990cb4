package main

import (
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

// writeReports writes --format to stdout and every --report file.
func (o *outputs) writeReports(c *cli.Context, s *settings, res *rules.Result) error {
	opt := reportOptions(c)
	opt.FailOn, opt.FailNever = s.failOn, s.failNever
	w, _ := reports.Lookup(s.format)
	if err := w(c.App.Writer, res, opt); err != nil {
		return cli.Exit(fmt.Sprintf("writing %s report: %v", s.format, err), 2)
	}
	opt.Color = false
	for _, r := range o.reports {
		w, _ := reports.Lookup(r.format)
		if err := w(r.file, res, opt); err != nil {
			return cli.Exit(fmt.Sprintf("--report %s=%s: %v", r.format, r.path, err), 2)
		}
		if err := r.file.Commit(); err != nil {
			return cli.Exit(fmt.Sprintf("--report %s=%s: %v", r.format, r.path, err), 2)
		}
	}
	return nil
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
