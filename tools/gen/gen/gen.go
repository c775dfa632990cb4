// Package gen writes realistic, spec-valid ASAPP data files (call center,
// transcripts, sales attribution; CSV or JSONL) of a requested size,
// deterministically for a seed. It exists so benchmarks and tests can make
// gigabytes of input on the fly without checking data into the repository.
//
// Speed matters (benchmarks generate 1 GB inputs), so records are built by
// appending pre-escaped byte slices straight into the bufio.Writer's spare
// buffer: no fmt, no time.Format, no per-record allocation in the hot loop.
package gen

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Feed identifiers, as used by preflight's --feed.
const (
	Transcripts      = "transcripts"
	CallCenter       = "call_center"
	SalesAttribution = "sales_attribution"
)

// Feeds lists the feeds Write understands.
var Feeds = []string{Transcripts, CallCenter, SalesAttribution}

// Options tunes generation. The zero value is the common case: CSV with a
// header, event times spread over the default 13-month window.
type Options struct {
	// NoHeader omits the CSV header row (ignored for JSONL).
	NoHeader bool
	// Day, when non-zero, confines every event time (call_start,
	// transaction_time, transcript timestamp) to that UTC day, for
	// partition-rule tests. Only its date is used.
	Day time.Time
	// Stats, when non-nil, receives counts of what was written, so callers
	// (benchmarks) can relate memory use to records and conversations.
	Stats *Stats
}

// Stats counts the output of one Write.
type Stats struct {
	Bytes         int64 // including the header
	Records       int64 // data rows or lines, excluding the header
	Conversations int64 // transcripts only
}

// Default event-time window: 13 whole months, so a uniform spread puts
// about 1/13 of conversations in each month (sampling rules want >= 12
// months and no month above a quarter).
var (
	windowStart = time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
	windowEnd   = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
)

// Columns returns the feed's columns in spec order.
func Columns(feed string) ([]string, error) {
	switch feed {
	case Transcripts:
		return transcriptColumns, nil
	case CallCenter:
		return callCenterColumns, nil
	case SalesAttribution:
		return salesColumns, nil
	}
	return nil, fmt.Errorf("unknown feed %q (want one of %s)", feed, strings.Join(Feeds, ", "))
}

// Write writes about size bytes of feed data in format ("csv" or "jsonl")
// to w. Output stops at the first record (for transcripts: conversation)
// boundary at or after size, so files are never truncated mid-record.
// The same arguments always produce the same bytes.
func Write(w io.Writer, feed, format string, size int64, seed int64, opt Options) error {
	cols, err := Columns(feed)
	if err != nil {
		return err
	}
	var json bool
	switch format {
	case "csv":
	case "jsonl":
		json = true
	default:
		return fmt.Errorf("unknown format %q (want csv or jsonl)", format)
	}
	if size < 0 {
		return errors.New("size must be non-negative")
	}

	bw := bufio.NewWriterSize(w, 1<<20)
	e := newEncoder(bw, cols, json)
	lo, hi := windowStart.UnixNano(), windowEnd.UnixNano()
	if !opt.Day.IsZero() {
		y, m, d := opt.Day.UTC().Date()
		lo = time.Date(y, m, d, 0, 0, 0, 0, time.UTC).UnixNano()
		hi = lo + int64(24*time.Hour)
	}
	g := &generator{
		e:    e,
		r:    newRNG(seed, feed),
		lo:   lo,
		hi:   hi,
		size: size,
	}
	if !json && !opt.NoHeader {
		e.header()
		e.records-- // the header is not a record
	}
	switch feed {
	case Transcripts:
		g.transcripts()
	case CallCenter:
		g.callCenter()
	case SalesAttribution:
		g.sales()
	}
	if opt.Stats != nil {
		*opt.Stats = Stats{Bytes: e.n, Records: e.records, Conversations: g.conversations}
	}
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// generator holds the state shared by the per-feed loops.
type generator struct {
	e      *encoder
	r      rng
	lo, hi int64 // event-time window, Unix ns, [lo, hi)
	size   int64

	conversations int64
}

// done reports whether enough bytes have been written (or writing failed).
func (g *generator) done() bool { return g.e.err != nil || g.e.n >= g.size }

// ParseSize parses sizes like "10MB", "1GB", "200MiB", "512k" or "1000".
// KB/MB/GB/TB (and K/M/G/T) are powers of 1000; KiB/MiB/GiB/TiB powers of 1024.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("bad size %q: want a number with an optional unit like 10MB, 1GB, 200MiB", s)
	}
	mult := map[string]float64{
		"": 1, "b": 1,
		"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
	}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("bad size %q: unknown unit %q", s, unit)
	}
	return int64(f * mult), nil
}
