// Command gen writes realistic, spec-valid ASAPP data files of a given size,
// deterministically for a seed, for benchmarks and tests:
//
//	go run ./tools/gen -feed transcripts -format csv -size 1GB -o big.csv
//
// The generator itself lives in package gen so benchmarks can run it in-process.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/preflight-data/preflight/tools/gen/gen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	feed := fs.String("feed", gen.Transcripts, "feed: "+strings.Join(gen.Feeds, ", "))
	format := fs.String("format", "csv", "csv or jsonl")
	sizeFlag := fs.String("size", "10MB", "approximate output size: 10MB, 1GB, 200MiB, ...")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same bytes")
	out := fs.String("o", "", "output file (default stdout)")
	header := fs.Bool("header", true, "write a CSV header row")
	stats := fs.Bool("stats", false, "print bytes, records and conversations to stderr when done")
	dt := fs.String("dt", "", "confine event times to this UTC day (YYYY-MM-DD)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	size, err := gen.ParseSize(*sizeFlag)
	if err != nil {
		return err
	}
	opt := gen.Options{NoHeader: !*header}
	if *dt != "" {
		if opt.Day, err = time.Parse(time.DateOnly, *dt); err != nil {
			return fmt.Errorf("bad -dt %q: want YYYY-MM-DD", *dt)
		}
	}

	var st gen.Stats
	opt.Stats = &st

	w := stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		w = f
	}
	err = gen.Write(w, *feed, *format, size, *seed, opt)
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil && *stats {
		fmt.Fprintf(os.Stderr, "bytes=%d records=%d conversations=%d\n", st.Bytes, st.Records, st.Conversations)
	}
	return err
}
