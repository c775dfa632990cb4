package rules

import (
	"sort"
)

// collector counts every finding of one file and keeps the first MaxPerRule
// of each rule, so a file with a million bad rows gives exact counts and a
// bounded report. A file's collector hands what it keeps to the run's
// store, numbered from seq so ties keep the order they were found in; a
// collector without a store (the dataset rules' own) keeps them in kept.
type collector struct {
	sev      map[string]Severity
	max      int
	kept     []Finding
	store    *findingStore
	seq      uint64
	counts   map[string]int64
	errors   int64
	warnings int64
	notes    int64
}

func newCollector(sev map[string]Severity, max int) *collector {
	return &collector{sev: sev, max: max, counts: map[string]int64{}}
}

// want records that rule found something and reports whether the finding
// should be built and kept. Callers test it before formatting a message, so
// findings past the cap cost a map update, not a Sprintf.
func (c *collector) want(rule string) bool {
	s := c.sev[rule]
	if s == Off {
		return false
	}
	n := c.counts[rule] + 1
	c.counts[rule] = n
	switch s {
	case Error:
		c.errors++
	case Warning:
		c.warnings++
	case Note:
		c.notes++
	}
	return c.max <= 0 || n <= int64(c.max)
}

// add keeps a finding that want approved, stamping its severity.
func (c *collector) add(f Finding) {
	f.Severity = c.sev[f.Rule]
	if c.store != nil {
		c.store.add(keyed{f: f, seq: c.seq})
		c.seq++
		return
	}
	c.kept = append(c.kept, f)
}

// report is want and add in one, for findings that are rare by nature.
func (c *collector) report(f Finding) {
	if c.want(f.Rule) {
		c.add(f)
	}
}

// SortFindings gives reports a stable order whatever the order files
// finished in: by file, line, column, rule, field and message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return compareFindings(&fs[i], &fs[j]) < 0 })
}
