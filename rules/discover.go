package rules

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/preflight-data/preflight/internal/regular"
	"github.com/preflight-data/preflight/layout"
)

// dataExt are the extensions a directory walk picks up: data files and
// recordings (audio.Formats).
var dataExt = map[string]bool{".csv": true, ".jsonl": true, ".ndjson": true,
	".wav": true, ".mp3": true, ".flac": true, ".ogg": true, ".opus": true, ".m4a": true}

// DataKinds names them for messages (walks of directories and of S3 prefixes).
const DataKinds = ".csv, .jsonl, .ndjson or audio (.wav, .mp3, .flac, .ogg, .opus, .m4a)"

// Stdin is the path that names standard input.
const Stdin = "-"

// Input is one file a run reads.
type Input struct {
	// Path is the file as the user named it or the walk found it; Stdin
	// ("-") is standard input.
	Path string
	// Stray marks a file a walk found in a partition folder
	// (FEED/version=N/format=F/dt=D/) that is not a .csv, .jsonl or .ndjson
	// file. ASAPP imports whatever sits there, so it is checked, and its
	// being there is a finding, rather than skipped.
	Stray bool
	// Source, when set, opens the input instead of the local file system:
	// Path then names it (an s3:// URI) but is never opened.
	Source Source
}

// Inputs is what Walk found: the files to check and everything else it met.
type Inputs struct {
	Files   []Input
	Skipped []Skipped
}

// WalkOptions tune Walk.
type WalkOptions struct {
	// Exclude returns the config glob that excludes a walked path (file or
	// directory, slash-separated), or "".
	Exclude func(path string) string
	// Partition says the walked directories are partitions being published:
	// any other regular file in them is a stray, wherever they are.
	Partition bool
}

// Walk expands paths into the files a run reads, accounting for every file
// under a directory:
//
//   - a path named on the command line is read as given, whatever its name
//     or kind (a user may check data.txt, a pipe or "-" for stdin on purpose);
//   - a directory is walked: .csv, .jsonl and .ndjson files, and
//     recordings (.wav, .mp3, .flac, .ogg, .opus, .m4a), are checked;
//     other files inside a partition folder are checked as strays (a
//     finding); everything else — other files, _SUCCESS markers, hidden
//     files and directories, symbolic links to directories, and named
//     pipes, sockets and devices (never opened) — is listed as skipped,
//     with the reason;
//   - what opt.Exclude matches is skipped too (a matching directory whole).
//
// A path that does not exist, or no file to check at all, is a usage error.
// Files are sorted and free of repeats.
func Walk(paths []string, opt WalkOptions) (*Inputs, error) {
	w := &walker{opt: opt, seen: map[string]bool{}, in: &Inputs{}}
	for _, p := range paths {
		if err := w.arg(p); err != nil {
			return nil, err
		}
	}
	in := w.in
	sort.Slice(in.Files, func(i, j int) bool { return in.Files[i].Path < in.Files[j].Path })
	sort.Slice(in.Skipped, func(i, j int) bool { return in.Skipped[i].Path < in.Skipped[j].Path })
	if len(in.Files) == 0 {
		msg := fmt.Sprintf("no %s files found in %s", DataKinds, strings.Join(paths, " "))
		if n := len(in.Skipped); n > 0 {
			msg += fmt.Sprintf(" (%d skipped, e.g. %s: %s)", n, in.Skipped[0].Path, in.Skipped[0].Reason)
		}
		return nil, &UsageError{Msg: msg}
	}
	return in, nil
}

type walker struct {
	opt  WalkOptions
	seen map[string]bool
	in   *Inputs
}

func (w *walker) add(in Input) {
	if !w.seen[in.Path] {
		w.seen[in.Path] = true
		w.in.Files = append(w.in.Files, in)
	}
}

func (w *walker) skip(path, reason string) {
	w.in.Skipped = append(w.in.Skipped, Skipped{Path: filepath.ToSlash(path), Reason: reason})
}

// arg handles one command-line path.
func (w *walker) arg(p string) error {
	if p == Stdin {
		w.add(Input{Path: Stdin})
		return nil
	}
	st, err := os.Stat(p)
	if err != nil {
		if os.IsNotExist(err) {
			return &UsageError{Msg: fmt.Sprintf("%s: no such file or directory", p)}
		}
		return &UsageError{Msg: fmt.Sprintf("%s: %v", p, err)}
	}
	if !st.IsDir() {
		w.add(Input{Path: filepath.Clean(p)})
		return nil
	}
	return filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable subdirectory is reported as a file that could
			// not be read, and the walk goes on.
			w.add(Input{Path: path})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if path == p {
			return nil
		}
		return w.entry(path, d)
	})
}

// entry decides about one thing found under a walked directory.
func (w *walker) entry(path string, d fs.DirEntry) error {
	name := d.Name()
	if w.opt.Exclude != nil {
		if g := w.opt.Exclude(filepath.ToSlash(path)); g != "" {
			w.skip(path, fmt.Sprintf("excluded by %q in the config", g))
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
	}
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		st, err := os.Stat(path)
		if err != nil {
			if dataExt[strings.ToLower(filepath.Ext(name))] {
				w.add(Input{Path: path}) // reported as unreadable
			} else {
				w.skip(path, "broken symbolic link")
			}
			return nil
		}
		if st.IsDir() {
			w.skip(path, "symbolic link to a directory (not followed)")
			return nil
		}
		mode = st.Mode().Type()
	}
	switch {
	case mode.IsDir():
		if strings.HasPrefix(name, ".") {
			w.skip(path, "hidden directory")
			return fs.SkipDir
		}
	case !mode.IsRegular():
		w.skip(path, regular.Kind(mode)+", not a regular file (not opened)")
	case name == layout.SuccessName:
		w.skip(path, "the _SUCCESS completion marker, not data")
	case strings.HasPrefix(name, "."):
		w.skip(path, "hidden file")
	case dataExt[strings.ToLower(filepath.Ext(name))]:
		w.add(Input{Path: path})
	case w.opt.Partition || inPartition(path):
		w.add(Input{Path: path, Stray: true})
	default:
		w.skip(path, "not a "+DataKinds+" file")
	}
	return nil
}

// inPartition reports whether a file sits in a partition folder of the S3
// layout (under a dt= segment), also when the walk started inside it.
func inPartition(path string) bool {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	t, found, _ := layout.FromPath(filepath.ToSlash(path))
	return found && t.DT != "" && t.File != ""
}
