// Command gojsonschema validates every row of a CSV or JSONL file against a
// feed's JSON Schema with github.com/xeipuuv/gojsonschema: the "generic
// validator per record" design that DESIGN.md rejects for the hot path.
// bench/run measures it so that choice stays backed by numbers.
//
// CSV cells are strings, so each is first converted to the JSON type its
// schema property declares (NULL -> null, integers, numbers, booleans), as
// a validator of CSV through a JSON Schema has to.
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

func main() {
	schemaPath := flag.String("schema", "", "JSON Schema file for the feed")
	flag.Parse()
	if *schemaPath == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gojsonschema -schema FEED.json FILE.csv|FILE.jsonl")
		os.Exit(2)
	}
	rows, invalid, err := run(*schemaPath, flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gojsonschema:", err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "rows=%d invalid=%d\n", rows, invalid)
}

func run(schemaPath, dataPath string) (rows, invalid int, err error) {
	doc, err := os.ReadFile(schemaPath)
	if err != nil {
		return 0, 0, err
	}
	schema, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", schemaPath, err)
	}
	f, err := os.Open(dataPath)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)

	validate := func(v any) error {
		res, err := schema.Validate(gojsonschema.NewGoLoader(v))
		if err != nil {
			return err
		}
		rows++
		if !res.Valid() {
			invalid++
		}
		return nil
	}

	if strings.HasSuffix(dataPath, ".csv") {
		types, err := propertyTypes(doc)
		if err != nil {
			return 0, 0, err
		}
		return rows, invalid, eachCSV(br, types, validate)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var v any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			invalid++
			continue
		}
		if err := validate(v); err != nil {
			return rows, invalid, err
		}
	}
	return rows, invalid, sc.Err()
}

// propertyTypes maps each schema property to its declared JSON types.
func propertyTypes(doc []byte) (map[string][]string, error) {
	var s struct {
		Properties map[string]struct {
			Type any `json:"type"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(doc, &s); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for name, p := range s.Properties {
		switch t := p.Type.(type) {
		case string:
			out[name] = []string{t}
		case []any:
			for _, x := range t {
				if xs, ok := x.(string); ok {
					out[name] = append(out[name], xs)
				}
			}
		}
	}
	return out, nil
}

func eachCSV(r io.Reader, types map[string][]string, validate func(any) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return err
	}
	header = slices.Clone(header)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		m := make(map[string]any, len(rec))
		for i, cell := range rec {
			if i < len(header) {
				m[header[i]] = convert(cell, types[header[i]])
			}
		}
		if err := validate(m); err != nil {
			return err
		}
	}
}

// convert turns a CSV cell into the first JSON type it fits, else leaves
// it a string (which then fails validation, as it should).
func convert(cell string, types []string) any {
	if cell == "NULL" {
		return nil
	}
	for _, t := range types {
		switch t {
		case "integer":
			if n, err := strconv.ParseInt(cell, 10, 64); err == nil {
				return n
			}
		case "number":
			if x, err := strconv.ParseFloat(cell, 64); err == nil {
				return x
			}
		case "boolean":
			if b, err := strconv.ParseBool(cell); err == nil && (cell == "true" || cell == "false") {
				return b
			}
		}
	}
	return cell
}
