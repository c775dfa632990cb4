// Command csvparse is the speed floor for CSV: encoding/csv reading every
// record of a file with ReuseRecord and doing nothing else. bench/run
// compares preflight against it.
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: csvparse FILE")
		os.Exit(2)
	}
	n, fields, err := parse(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "csvparse:", err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "records=%d fields=%d\n", n, fields)
}

func parse(path string) (records, fields int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return records, fields, nil
		}
		if err != nil {
			return records, fields, err
		}
		records++
		fields += len(rec) // touch the result so the work can't be skipped
	}
}
