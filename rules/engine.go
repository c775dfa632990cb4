package rules

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/preflight-data/preflight/schemas"
)

// Options configure a run. The zero value checks with defaults.
type Options struct {
	// Feeds is the feed registry (built-ins plus config's custom feeds); nil = built-ins.
	Feeds *schemas.Registry
	// Feed forces one feed for every file ("" = infer per file).
	Feed string
	// FeedFor maps a path to a feed from config globs ("" = no opinion).
	FeedFor func(path string) string
	// Mode ("incremental" or "snapshot") and DT (YYYY-MM-DD) feed the
	// partition rules; empty means take them from the path's layout, if any.
	Mode, DT string
	// Severity overrides defaults per rule ID; Off disables a rule.
	Severity map[string]Severity
	// MaxPerRule caps kept findings per rule per file (0 = keep all).
	MaxPerRule int
	// Jobs is how many workers check files, and the parts of large files,
	// at once (0 = GOMAXPROCS).
	Jobs int
	// Now anchors timestamp/range ("more than 24 h in the future"); zero = time.Now().
	Now time.Time
	// Target enables the target/* rules in the rule list (publish adds
	// their findings after the run, through Result.Report).
	Target bool
	// Progress, when set, is called from worker goroutines with bytes read so far in total.
	Progress func(done, total int64)
	// Hash fingerprints every file as it is checked (FileResult.Digest), so
	// publish can prove that the bytes it uploads are the bytes checked
	// without reading each file once more.
	Hash bool
	// Settings are rule parameters (config's rule-settings); zero values mean defaults.
	Settings Settings

	// sched is the run's workers, which read the parts of large files.
	sched *sched

	// audioName is Settings.Audio.Name compiled.
	audioName *audioName
}

// Settings are the parameters of rules that have any. Zero means the default.
type Settings struct {
	// SamplingMinConversations: transcript/sampling-window judges a run
	// only from this many conversations on (default 50): a test fixture
	// or a pre-commit sample is not a training set.
	SamplingMinConversations int
	// RepeatedMinMessages: transcript/repeated-content compares only
	// conversations of at least this many messages (default 8), so short
	// template chats that recur between customers stay quiet.
	RepeatedMinMessages int
	// Audio are the settings of the audio/ rules (audio.go).
	Audio AudioSettings
}

// Defaults of Settings.
const (
	DefaultSamplingMinConversations = 50
	DefaultRepeatedMinMessages      = 8
)

func (s Settings) samplingMin() int {
	if s.SamplingMinConversations > 0 {
		return s.SamplingMinConversations
	}
	return DefaultSamplingMinConversations
}

func (s Settings) repeatedMin() int {
	if s.RepeatedMinMessages > 0 {
		return s.RepeatedMinMessages
	}
	return DefaultRepeatedMinMessages
}

// UsageError is a problem with the invocation, not the data: exit status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// IsUsage reports whether err is a UsageError.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// ReadError says a file could not be read at all; other files were still checked.
type ReadError struct {
	Path string
	Err  error
}

func (e *ReadError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *ReadError) Unwrap() error { return e.Err }

// Run checks files as named (see Walk for directories); RunInputs with
// nothing skipped.
func Run(ctx context.Context, files []string, opt Options) (*Result, error) {
	in := &Inputs{Files: make([]Input, len(files))}
	for i, f := range files {
		in.Files[i] = Input{Path: f}
	}
	return RunInputs(ctx, in, opt)
}

// RunInputs checks what Walk found and returns what it found. The error is
// a *UsageError when the invocation cannot work (a flag no file can be
// checked with), the context's error when the run was cancelled, or an
// errors.Join of *ReadError for files that could not be read — in that case
// the result still holds every other file, and the unreadable ones with
// StatusUnreadable. A file whose feed cannot be decided is a finding on that
// file (file/unknown-feed), never a reason to stop.
func RunInputs(ctx context.Context, in *Inputs, opt Options) (*Result, error) {
	start := time.Now()
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	sev := severities(opt.Severity)
	store := &findingStore{}
	out, err := checkAll(ctx, in.Files, opt, sev, store)
	if err != nil {
		store.close()
		return nil, err
	}
	res := &Result{MaxPerRule: opt.MaxPerRule, Omitted: map[string]int64{}, Skipped: in.Skipped, sev: sev}
	colls, readErrs := res.addFiles(out.files)
	// Dataset rules see the whole run, so their findings come after all files;
	// they count under the file each finding points at.
	runColl := newCollector(sev, 0)
	out.ds.finish(runColl)
	for _, f := range runColl.kept {
		c := colls[f.File]
		if c == nil {
			c = newCollector(sev, opt.MaxPerRule)
			c.store = store
			colls[f.File] = c
		}
		c.report(f)
	}
	res.tally(colls)
	res.keep(store)
	res.Rules = ranRules(res.Files, sev)
	res.Stats = &out.ds.stats
	res.Duration = time.Since(start)
	return res, errors.Join(readErrs...)
}

// withDefaults fills in what the zero Options leave out and refuses
// options no file can be checked with.
func (opt Options) withDefaults() (Options, error) {
	if opt.Feeds == nil {
		opt.Feeds = schemas.NewRegistry()
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Feed != "" {
		// A FEED_NAME alias (call_center_issues) names the feed as well as its ID.
		f, err := opt.Feeds.Resolve(opt.Feed)
		if err != nil {
			return opt, &UsageError{Msg: err.Error()}
		}
		opt.Feed = f.ID
	}
	if n := opt.Settings.Audio.Name; n != "" {
		var err error
		if opt.audioName, err = compileAudioName(n); err != nil {
			return opt, &UsageError{Msg: "--audio-name " + err.Error()}
		}
	}
	return opt, validateOptions(opt)
}

// addFiles puts every file's outcome into the result, in input order, and
// returns each file's collector by path, and the files that could not be
// read.
func (r *Result) addFiles(files []fileOutcome) (map[string]*collector, []error) {
	colls := make(map[string]*collector, len(files))
	var readErrs []error
	for i := range files {
		o := &files[i]
		if o.err != nil {
			readErrs = append(readErrs, &ReadError{Path: o.file.Path, Err: o.err})
		}
		r.Files = append(r.Files, o.file)
		colls[o.file.Path] = o.coll
	}
	return colls, readErrs
}

// tally turns the collectors into the result: each file's totals, counts
// and rules, and what the caps left out (the kept findings are in the
// run's store: see keep). A
// finding may point at something that is not a checked file (a bucket, a
// credentials file): it still gets a FileResult, so reports can place it.
func (r *Result) tally(colls map[string]*collector) {
	for path := range colls {
		if !hasFile(r.Files, path) {
			r.Files = append(r.Files, FileResult{Path: path})
		}
	}
	byPath := make(map[string]*FileResult, len(r.Files))
	for i := range r.Files {
		byPath[r.Files[i].Path] = &r.Files[i]
	}
	for path, c := range colls {
		fr := byPath[path]
		fr.Errors, fr.Warnings, fr.Notes = c.errors, c.warnings, c.notes
		fr.Counts = c.counts
		for rule, n := range c.counts {
			if c.max > 0 && n > int64(c.max) {
				r.Omitted[rule] += n - int64(c.max)
			}
			if !slices.Contains(fr.Rules, rule) {
				fr.Rules = append(fr.Rules, rule)
			}
		}
		sort.Strings(fr.Rules)
	}
	sort.SliceStable(r.Files, func(i, j int) bool { return r.Files[i].Path < r.Files[j].Path })
	if len(r.Omitted) == 0 {
		r.Omitted = nil
	}
}

// ranRules is the metadata of every rule that ran on some file and is not
// off, at the severity in force.
func ranRules(files []FileResult, sev map[string]Severity) []Info {
	ran := map[string]bool{}
	for _, f := range files {
		for _, id := range f.Rules {
			ran[id] = true
		}
	}
	var out []Info
	for _, in := range Catalogue() {
		if ran[in.ID] && sev[in.ID] != Off {
			in.Severity = sev[in.ID]
			out = append(out, in)
		}
	}
	return out
}

// severities is every rule's default severity, overridden by config.
func severities(override map[string]Severity) map[string]Severity {
	sev := map[string]Severity{}
	for _, in := range Catalogue() {
		sev[in.ID] = in.Severity
	}
	for id, s := range override {
		sev[id] = s
	}
	return sev
}

// outcomes is what the workers leave: one outcome per input, in input
// order, and the dataset the cross-file rules finish.
type outcomes struct {
	files []fileOutcome
	ds    *dataset
}

// checkAll checks files on opt.Jobs workers, which also read the parts of
// large files (sched.go). On cancellation it returns at once: a worker
// blocked reading a pipe or stdin is left behind, since the process is
// ending.
func checkAll(ctx context.Context, files []Input, opt Options, sev map[string]Severity, store *findingStore) (*outcomes, error) {
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	out := &outcomes{files: make([]fileOutcome, len(files)), ds: newDataset(opt.Settings)}
	out.ds.audioName = opt.audioName
	progress := progressCounter{fn: opt.Progress}
	if opt.Progress != nil {
		for _, f := range files {
			if st, err := os.Stat(f.Path); f.Path != Stdin && err == nil && st.Mode().IsRegular() {
				progress.total += st.Size()
			}
		}
	}
	s := newSched(ctx, len(files), jobs)
	if jobs > 1 {
		opt.sched = s // one worker gains nothing from parts
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.work(func(i int) {
				out.files[i] = checkFile(ctx, files[i], i, opt, sev, out.ds, store, &progress)
			})
		}()
	}
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range out.files {
		if u := out.files[i].usage; u != nil {
			return nil, u
		}
	}
	return out, nil
}

type progressCounter struct {
	mu    sync.Mutex
	done  int64
	total int64
	fn    func(done, total int64)
}

func (p *progressCounter) add(n int64) {
	if p.fn == nil || n == 0 {
		return
	}
	p.mu.Lock()
	p.done += n
	d := p.done
	p.mu.Unlock()
	p.fn(d, p.total)
}

func hasFile(files []FileResult, path string) bool {
	for i := range files {
		if files[i].Path == path {
			return true
		}
	}
	return false
}
