package fix

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/preflight-data/preflight/audio"
	"github.com/preflight-data/preflight/rules"
)

// job is one input file and its copy.
type job struct {
	index      int    // in output order: the order check will read the copies in
	in         string // as opened; "-" is stdin
	display    string // as reported: slash-separated
	out        string // the copy's path; "-" is stdout
	outDisplay string

	size      int64    // bytes, -1 when not known before reading
	once      bool     // stdin or a pipe: read once, its head kept
	recomma   bool     // a CSV with another separator that fix reads whole: written with commas
	spool     string   // a read-once input kept in a file (transcoded already)
	extraKeys [][]byte // JSONL made CSV: the columns after the feed's
	sniff     rules.Sniffed
	to        string // "csv" or "jsonl": what the copy is
	stdin     *stdinHead
	tgt       target
	counts    map[string]int64
	recIn     int64
	recOut    int64
	same      bool // the copy is the input's bytes
	err       error

	tr      *trFile  // transcripts: the file's conversations
	lines   *os.File // transcripts: (copy offset, input line) of every record written
	actions map[string]uint8
}

// plan expands paths into jobs and names every copy. Directories are
// walked as check walks them, and mirrored under OutDir; with To a path
// segment format=csv becomes format=jsonl and calls.csv calls.jsonl (or
// back). Anything that would overwrite an input without --in-place, or two
// inputs with one copy, is a usage error before anything is read.
func plan(paths []string, opt *Options) ([]*job, error) {
	usage := func(format string, a ...any) error { return &rules.UsageError{Msg: fmt.Sprintf(format, a...)} }
	if len(paths) == 0 {
		return nil, usage("fix needs at least one file or directory (preflight fix --help)")
	}
	var jobs []*job
	stdin := 0
	for _, p := range paths {
		if p == "-" {
			if stdin++; stdin > 1 {
				return nil, usage("-: stdin can be read only once")
			}
			jobs = append(jobs, &job{in: "-", display: "-"})
			continue
		}
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			in, err := rules.Walk([]string{p}, rules.WalkOptions{})
			if err != nil {
				return nil, err
			}
			f := in.Files[0].Path
			if recording(f) {
				return nil, usage("%s is a recording: fix repairs CSV and JSONL files (check reports on recordings)", f)
			}
			jobs = append(jobs, &job{in: f, display: filepath.ToSlash(f), out: filepath.Base(f)})
			continue
		}
		if opt.OutDir != "" && inside(opt.OutDir, p) {
			return nil, usage("--out %s is inside the input directory %s: the copies would be read as inputs next time; write them elsewhere", opt.OutDir, p)
		}
		in, err := rules.Walk([]string{p}, rules.WalkOptions{Exclude: opt.Exclude})
		if err != nil {
			return nil, err
		}
		for _, f := range in.Files {
			if f.Stray || recording(f.Path) {
				// Not data fix repairs: check reports on it in the input;
				// it is not copied.
				continue
			}
			rel, err := filepath.Rel(p, f.Path)
			if err != nil {
				rel = filepath.Base(f.Path)
			}
			jobs = append(jobs, &job{in: f.Path, display: filepath.ToSlash(f.Path), out: rel})
		}
	}
	if err := nameCopies(jobs, opt); err != nil {
		return nil, err
	}
	sort.SliceStable(jobs, func(i, k int) bool { return jobs[i].outDisplay < jobs[k].outDisplay })
	for i, j := range jobs {
		j.index = i
		j.counts = map[string]int64{}
	}
	return jobs, nil
}

// recording reports a file of the audio feed, which fix leaves alone.
func recording(path string) bool { return audio.FromExt(filepath.Ext(path)) != "" }

// nameCopies turns each job's relative name into its copy's path.
func nameCopies(jobs []*job, opt *Options) error {
	usage := func(format string, a ...any) error { return &rules.UsageError{Msg: fmt.Sprintf(format, a...)} }
	switch {
	case opt.Output != "":
		if len(jobs) != 1 {
			return usage("-o names one copy, but %d files were given: use --out DIR", len(jobs))
		}
		jobs[0].out = opt.Output
	case opt.InPlace:
		for _, j := range jobs {
			if j.in == "-" {
				return usage("--in-place cannot replace stdin: use -o FILE or -o -")
			}
			if opt.To != "" && rules.FormatOf(j.in) != opt.To {
				return usage("--in-place keeps each file's name and format, and %s is not %s: use --out DIR with --to %s", j.display, strings.ToUpper(opt.To), opt.To)
			}
			j.out = j.in
		}
	default:
		for _, j := range jobs {
			if j.in == "-" {
				return usage("-: stdin has no name to give its copy under --out: use -o FILE or -o -")
			}
			j.out = filepath.Join(opt.OutDir, renamed(j.out, opt.To))
		}
	}
	seen := map[string]string{}
	for _, j := range jobs {
		j.outDisplay = filepath.ToSlash(j.out)
		if j.out == "-" {
			continue
		}
		abs, _ := filepath.Abs(j.out)
		if other, dup := seen[abs]; dup {
			return usage("%s and %s would both be written to %s", other, j.display, j.out)
		}
		seen[abs] = j.display
	}
	if opt.InPlace {
		return nil
	}
	for _, j := range jobs {
		if j.in == "-" {
			continue
		}
		abs, _ := filepath.Abs(j.in)
		if _, clash := seen[abs]; clash {
			return usage("the copy of an input would overwrite %s: use --in-place to replace inputs, or another --out", j.display)
		}
	}
	return nil
}

// renamed is a copy's relative path for the format it is converted to:
// the format= segment and the extension follow the content.
func renamed(rel, to string) string {
	if to == "" {
		return rel
	}
	segs := strings.Split(filepath.ToSlash(rel), "/")
	from := map[string]string{"jsonl": "csv", "csv": "jsonl"}[to]
	for i, s := range segs[:len(segs)-1] {
		switch s {
		case "format=" + from:
			segs[i] = "format=" + to
		case "format=snapshot_" + from:
			segs[i] = "format=snapshot_" + to
		}
	}
	name := segs[len(segs)-1]
	if rules.FormatOf(name) != to {
		ext := filepath.Ext(name)
		switch strings.ToLower(ext) {
		case ".csv", ".jsonl", ".ndjson", ".txt":
			name = strings.TrimSuffix(name, ext)
		}
		name += "." + to
	}
	segs[len(segs)-1] = name
	return filepath.FromSlash(strings.Join(segs, "/"))
}

// inside reports whether path is dir or below it.
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
