package rules

import (
	"context"
	"errors"
	"fmt"
	"runtime"
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
	// Jobs is how many files are checked at once (0 = GOMAXPROCS).
	Jobs int
	// Now anchors timestamp/range ("more than 24 h in the future"); zero = time.Now().
	Now time.Time
	// Target enables the target/* rules in the rule list (publish adds their findings).
	Target bool
	// Extra findings to merge (publish's target rules); counted like any other.
	Extra []Finding
	// Progress, when set, is called from worker goroutines with bytes read so far in total.
	Progress func(done, total int64)
	// Hash fingerprints every file as it is checked (FileResult.Digest), so
	// publish can prove that the bytes it uploads are the bytes checked
	// without reading each file once more.
	Hash bool
	// Settings are rule parameters (config's rule-settings); zero values mean defaults.
	Settings Settings
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

// Run checks files (already discovered; see Discover) and returns what it
// found. The error is a *UsageError when the invocation cannot work (a feed
// that cannot be decided), or an errors.Join of *ReadError for files that
// could not be read — in that case the result still holds every other file.
func Run(ctx context.Context, files []string, opt Options) (*Result, error) {
	start := time.Now()
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
			return nil, &UsageError{Msg: err.Error()}
		}
		opt.Feed = f.ID
	}
	sev := severities(opt.Severity)
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}

	// Plan every file first: a feed that cannot be decided is a usage error
	// and must stop the run before any work, with one clear message.
	plans := make([]*filePlan, len(files))
	var total int64
	for i, path := range files {
		p, err := planFile(path, opt)
		if err != nil {
			return nil, err
		}
		p.index = i
		plans[i] = p
		total += p.size
	}

	ds := newDataset(opt.Settings)
	results := make([]fileOutcome, len(files))
	var progress progressCounter
	progress.total = total
	progress.fn = opt.Progress

	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = checkFile(ctx, plans[i], opt, sev, ds, &progress)
			}
		}()
	}
	for i := range plans {
		select {
		case work <- i:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	res := &Result{MaxPerRule: opt.MaxPerRule, Omitted: map[string]int64{}, sev: sev}
	var readErrs []error
	byPath := map[string]*FileResult{}
	colls := map[string]*collector{}
	for i := range results {
		o := &results[i]
		if o.err != nil {
			readErrs = append(readErrs, &ReadError{Path: plans[i].display, Err: o.err})
		}
		res.Files = append(res.Files, o.file)
		colls[o.file.Path] = o.coll
	}
	// Dataset rules see the whole run, so their findings come after all files;
	// they count under the file each finding points at.
	runColl := newCollector(sev, 0)
	ds.finish(runColl)
	for _, f := range opt.Extra {
		runColl.report(f)
	}
	for _, f := range runColl.kept {
		c := colls[f.File]
		if c == nil {
			c = newCollector(sev, opt.MaxPerRule)
			colls[f.File] = c
		}
		c.report(f)
	}
	// A finding may point at something that is not a checked file (a bucket,
	// a credentials file): it still needs a home in reports.
	for path := range colls {
		if !hasFile(res.Files, path) {
			res.Files = append(res.Files, FileResult{Path: path})
		}
	}
	for i := range res.Files {
		byPath[res.Files[i].Path] = &res.Files[i]
	}
	for path, c := range colls {
		fr := byPath[path]
		fr.Errors, fr.Warnings, fr.Notes = c.errors, c.warnings, c.notes
		fr.Counts = c.counts
		for rule, n := range c.counts {
			if c.max > 0 && n > int64(c.max) {
				res.Omitted[rule] += n - int64(c.max)
			}
			if !contains(fr.Rules, rule) {
				fr.Rules = append(fr.Rules, rule)
			}
		}
		sort.Strings(fr.Rules)
		res.Findings = append(res.Findings, c.kept...)
	}
	sort.SliceStable(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	SortFindings(res.Findings)
	if len(res.Omitted) == 0 {
		res.Omitted = nil
	}

	ran := map[string]bool{}
	for _, f := range res.Files {
		for _, id := range f.Rules {
			ran[id] = true
		}
	}
	for _, in := range Catalogue() {
		if ran[in.ID] && sev[in.ID] != Off {
			in.Severity = sev[in.ID]
			res.Rules = append(res.Rules, in)
		}
	}
	res.Stats = &ds.stats
	res.Duration = time.Since(start)
	return res, errors.Join(readErrs...)
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

func feedIDs(r *schemas.Registry) []string {
	var ids []string
	for _, f := range r.All() {
		ids = append(ids, f.ID)
	}
	return ids
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
