package rules

import (
	"runtime"
	"slices"
	"sort"
	"time"

	"github.com/preflight-data/preflight/audio"
	"github.com/preflight-data/preflight/digest"
)

// FileResult summarises one checked file.
type FileResult struct {
	// Path is the file as the user named it, slash-separated.
	Path string `json:"path"`
	// Feed is the feed the file was checked as ("" when it could not be read).
	Feed   string `json:"feed,omitempty"`
	Format string `json:"format,omitempty"` // "csv" or "jsonl", or an audio format (feed audio)
	Bytes  int64  `json:"bytes"`
	// Records counts data records (a CSV header is not one).
	Records  int64 `json:"records"`
	Errors   int64 `json:"errors"`
	Warnings int64 `json:"warnings"`
	Notes    int64 `json:"notes,omitempty"`
	// Rules lists the IDs of the rules applied to this file, sorted.
	Rules []string `json:"rules"`
	// Counts is the number of findings per rule ID, including those not kept.
	Counts map[string]int64 `json:"counts,omitempty"`
	// Duration is how long checking the file took.
	Duration time.Duration `json:"-"`
	// Digest fingerprints the bytes the checks read, with Options.Hash; nil
	// when the file was not read through (unreadable, binary).
	Digest *digest.Digest `json:"-"`
	// Status is StatusChecked or StatusUnreadable for a file the run read
	// ("" for a path only a finding names, such as a credentials file).
	Status string `json:"status,omitempty"`
	// Error says why an unreadable file could not be read.
	Error string `json:"error,omitempty"`
	// Audio is what a recording's headers say (feed audio); nil for other
	// files and for a recording whose content is not audio.
	Audio *audio.Info `json:"audio,omitempty"`
}

// File statuses.
const (
	// StatusChecked: the file was read through and checked.
	StatusChecked = "checked"
	// StatusUnreadable: the file could not be opened or read to its end;
	// findings before the failure are kept, but it did not pass.
	StatusUnreadable = "unreadable"
)

// Result is everything a run found. Findings are sorted by file, line, column
// and rule, so the same data always gives the same report.
type Result struct {
	Files []FileResult `json:"files"`
	// Findings holds the kept findings: at most MaxPerRule per rule per file
	// (dataset findings count under the file they point at). A run that
	// keeps more than fit in memory (some 65,000) leaves them in temporary
	// files and Findings nil: EachFinding reads them in either case, and
	// is what reports use.
	Findings []Finding `json:"findings"`
	// Omitted counts findings not kept, per rule ID, over the whole run.
	Omitted map[string]int64 `json:"omitted,omitempty"`
	// Rules is the metadata of every rule that ran, sorted by ID.
	Rules []Info `json:"-"`
	// MaxPerRule is the cap that was in force (0 = none).
	MaxPerRule int `json:"max_per_rule"`
	// Skipped lists what a directory walk did not check, and why.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Stats describes the data itself (for the HTML report's charts).
	Stats    *Stats        `json:"-"`
	Duration time.Duration `json:"-"`

	// sev is the severity in force per rule (defaults plus config), for
	// findings reported after the run.
	sev map[string]Severity
	// store holds the findings when they did not fit in memory; late
	// numbers those Report adds after the run.
	store *findingStore
	late  uint64
}

// EachFinding calls fn with every kept finding, in order (file, line,
// column, rule, field, message), whether they are in Findings or were
// spilled to disk. It stops at the first error fn returns, and returns
// it, or an error reading the spilled findings back.
func (r *Result) EachFinding(fn func(Finding) error) error {
	if r.store == nil {
		for _, f := range r.Findings {
			if err := fn(f); err != nil {
				return err
			}
		}
		return nil
	}
	return r.store.each(fn)
}

// Close releases the temporary files of a run whose findings did not fit
// in memory; a no-op otherwise. The files are already unlinked where the
// system allows, so a process that exits without Close leaves nothing.
func (r *Result) Close() error {
	if r.store != nil {
		r.store.close()
		r.store = nil
	}
	return nil
}

// keep takes the run's findings from the store: into Findings when none
// went to disk, else the store stays and EachFinding merges it.
func (r *Result) keep(s *findingStore) {
	if !s.spilled() {
		if len(s.mem) > 0 {
			r.Findings = s.sorted()
		}
		s.close()
		return
	}
	r.store = s
	runtime.AddCleanup(r, func(s *findingStore) { s.close() }, s)
}

// Report adds a finding made after the run — publish's checks of the target
// prefix — through the engine's own door: the configured severity (Off
// drops it), the per-rule cap and the per-file counts, exactly as for a
// finding of the checks.
func (r *Result) Report(f Finding) {
	if r.sev == nil {
		r.sev = severities(nil)
	}
	fr := r.fileFor(f.File)
	c := &collector{sev: r.sev, max: r.MaxPerRule, counts: fr.Counts,
		errors: fr.Errors, warnings: fr.Warnings, notes: fr.Notes}
	if c.counts == nil {
		c.counts = map[string]int64{}
	}
	before := c.counts[f.Rule]
	if c.want(f.Rule) {
		// After every finding of the run, as an appended finding under
		// SortFindings would be.
		c.store, c.seq = r.store, seqLate+r.late
		r.late++
		c.add(f)
		if r.store == nil {
			r.Findings = append(r.Findings, c.kept...)
			SortFindings(r.Findings)
		}
	} else if c.counts[f.Rule] > before {
		if r.Omitted == nil {
			r.Omitted = map[string]int64{}
		}
		r.Omitted[f.Rule]++
	}
	if c.counts[f.Rule] == before {
		return // turned off
	}
	fr.Counts, fr.Errors, fr.Warnings, fr.Notes = c.counts, c.errors, c.warnings, c.notes
	if !slices.Contains(fr.Rules, f.Rule) {
		fr.Rules = append(fr.Rules, f.Rule)
		sort.Strings(fr.Rules)
	}
	r.addRuleInfo(f.Rule)
}

// fileFor is the FileResult a finding counts under; a finding about
// something that is not a checked file (a bucket, a prefix) gets its own.
func (r *Result) fileFor(path string) *FileResult {
	for i := range r.Files {
		if r.Files[i].Path == path {
			return &r.Files[i]
		}
	}
	i := sort.Search(len(r.Files), func(i int) bool { return r.Files[i].Path >= path })
	r.Files = slices.Insert(r.Files, i, FileResult{Path: path})
	return &r.Files[i]
}

func (r *Result) addRuleInfo(id string) {
	for _, in := range r.Rules {
		if in.ID == id {
			return
		}
	}
	in, ok := Lookup(id)
	if !ok {
		return
	}
	in.Severity = r.sev[id]
	r.Rules = append(r.Rules, in)
	sort.Slice(r.Rules, func(i, j int) bool { return r.Rules[i].ID < r.Rules[j].ID })
}

// Totals adds up the per-file counts.
func (r *Result) Totals() (records, errors, warnings int64) {
	for _, f := range r.Files {
		records += f.Records
		errors += f.Errors
		warnings += f.Warnings
	}
	return
}

// Skipped is a file or directory a walk did not check, and why.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Unreadable lists the files that could not be read.
func (r *Result) Unreadable() []FileResult {
	var out []FileResult
	for _, f := range r.Files {
		if f.Status == StatusUnreadable {
			out = append(out, f)
		}
	}
	return out
}

// Count is the number of findings of a rule in a file, kept or not.
func (f *FileResult) Count(rule string) int64 { return f.Counts[rule] }
