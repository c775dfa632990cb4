package rules

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// dataExt are the extensions a directory walk picks up.
var dataExt = map[string]bool{".csv": true, ".jsonl": true, ".ndjson": true}

// Discover expands paths: files are taken as given (whatever their name, so
// a user can check data.txt on purpose), directories are walked for data
// files, skipping _SUCCESS markers and hidden directories. A path that does
// not exist is a usage error. The result is sorted and free of repeats.
func Discover(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			if os.IsNotExist(err) {
				return nil, &UsageError{Msg: fmt.Sprintf("%s: no such file or directory", p)}
			}
			return nil, &UsageError{Msg: fmt.Sprintf("%s: %v", p, err)}
		}
		if !st.IsDir() {
			add(filepath.Clean(p))
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable subdirectory is reported as a file that
				// could not be read, and the walk goes on.
				add(path)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && strings.HasPrefix(name, ".") {
					return fs.SkipDir
				}
				return nil
			}
			if name == "_SUCCESS" || !dataExt[strings.ToLower(filepath.Ext(name))] {
				return nil
			}
			add(path)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil, &UsageError{Msg: fmt.Sprintf("no .csv, .jsonl or .ndjson files found in %s", strings.Join(paths, " "))}
	}
	return out, nil
}
