// Command jsonscan is the speed floor for JSONL: split lines with
// bufio.Scanner and decode each into a map with encoding/json, nothing
// else. bench/run compares preflight against it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: jsonscan FILE")
		os.Exit(2)
	}
	n, keys, err := scan(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "jsonscan:", err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "records=%d keys=%d\n", n, keys)
}

func scan(path string) (records, keys int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(bufio.NewReaderSize(f, 1<<20))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	m := map[string]any{}
	for sc.Scan() {
		clear(m) // reuse the map: Unmarshal into a non-nil map adds to it
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return records, keys, fmt.Errorf("line %d: %w", records+1, err)
		}
		records++
		keys += len(m)
	}
	return records, keys, sc.Err()
}
