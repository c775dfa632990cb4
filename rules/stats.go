package rules

import (
	"math"
	"time"
)

// Stats is what a run measured about the data itself, beyond findings: the
// distributions a data team looks at before sending a sample (is it spread
// over a year, are conversations complete, do queues look real). The HTML
// report draws its charts from it. Every map is optional; a nil or empty map
// means the run saw no data of that kind.
type Stats struct {
	// ConversationsPerMonth counts transcript conversations by the UTC month
	// ("2024-05") of their first message.
	ConversationsPerMonth map[string]int64 `json:"conversations_per_month,omitempty"`
	// MessagesPerConversation is a histogram: messages in a conversation ->
	// number of conversations with that many.
	MessagesPerConversation map[int]int64 `json:"messages_per_conversation,omitempty"`
	// Roles counts transcript messages by sender_role as written.
	Roles map[string]int64 `json:"roles,omitempty"`
	// CallsPerDay counts call-center records by the UTC day ("2024-05-01")
	// of call_start.
	CallsPerDay map[string]int64 `json:"calls_per_day,omitempty"`
	// QueueSeconds is a histogram of time_in_queue: the lower bound of a
	// bucket in seconds (see QueueBucket) -> number of calls in it.
	QueueSeconds map[int]int64 `json:"queue_seconds,omitempty"`
	// TransactionsPerDay counts sales-attribution records by the UTC day of
	// their transaction time.
	TransactionsPerDay map[string]int64 `json:"transactions_per_day,omitempty"`
	// AudioFiles counts recordings (feed audio); AudioSeconds is a
	// histogram of their durations: the lower bound of a bucket in
	// seconds (see AudioBucket) -> recordings in it; AudioTotalSeconds
	// adds them up.
	AudioFiles        int64         `json:"audio_files,omitempty"`
	AudioSeconds      map[int]int64 `json:"audio_seconds,omitempty"`
	AudioTotalSeconds float64       `json:"audio_total_seconds,omitempty"`
}

// AudioBuckets are the lower bounds, in seconds, of the AudioSeconds
// histogram buckets: under 1 s, 1–10 s, 10–30 s, 30 s–1 min, 1–2, 2–5,
// 5–10, 10–30, 30–60 min and an hour or more.
var AudioBuckets = [...]int{0, 1, 10, 30, 60, 120, 300, 600, 1800, 3600}

// AudioBucket is the AudioSeconds key for a duration in seconds.
func AudioBucket(seconds float64) int { return bucketOf(seconds, AudioBuckets[:]) }

// QueueBuckets are the lower bounds, in seconds, of the QueueSeconds
// histogram buckets: under 10 s, 10–30 s, 30 s–1 min, 1–2, 2–5, 5–10,
// 10–30 min and 30 min or more.
var QueueBuckets = [...]int{0, 10, 30, 60, 120, 300, 600, 1800}

// QueueBucket is the QueueSeconds key for a queue time in seconds: the
// largest bucket lower bound not above it (negative times go to 0).
func QueueBucket(seconds int64) int { return bucketOf(seconds, QueueBuckets[:]) }

// bucketOf is the largest of the ascending lower bounds not above v, or
// the first when v is below them all.
func bucketOf[T int64 | float64](v T, bounds []int) int {
	b := bounds[0]
	for _, lo := range bounds {
		if v >= T(lo) {
			b = lo
		}
	}
	return b
}

// Merge adds o's counts into s, so per-file (or per-worker) stats can be
// combined into the run's. A nil o is a no-op.
func (s *Stats) Merge(o *Stats) {
	if o == nil {
		return
	}
	s.ConversationsPerMonth = mergeCounts(s.ConversationsPerMonth, o.ConversationsPerMonth)
	s.MessagesPerConversation = mergeCounts(s.MessagesPerConversation, o.MessagesPerConversation)
	s.Roles = mergeCounts(s.Roles, o.Roles)
	s.CallsPerDay = mergeCounts(s.CallsPerDay, o.CallsPerDay)
	s.QueueSeconds = mergeCounts(s.QueueSeconds, o.QueueSeconds)
	s.TransactionsPerDay = mergeCounts(s.TransactionsPerDay, o.TransactionsPerDay)
	s.AudioFiles += o.AudioFiles
	s.AudioSeconds = mergeCounts(s.AudioSeconds, o.AudioSeconds)
	s.AudioTotalSeconds = microseconds(s.AudioTotalSeconds + o.AudioTotalSeconds)
}

// microseconds rounds to the microsecond. Summed through it, durations
// give the same total in any order (files finish in any order), which a
// plain float sum does not.
func microseconds(s float64) float64 { return math.Round(s*1e6) / 1e6 }

func mergeCounts[K comparable](dst, src map[K]int64) map[K]int64 {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[K]int64, len(src))
	}
	for k, n := range src {
		dst[k] += n
	}
	return dst
}

// StatsOf returns the run's data statistics, or nil when the run did not
// collect them.
func StatsOf(res *Result) *Stats {
	if res == nil {
		return nil
	}
	return res.Stats
}

// fileStats is what one file's loop counts, with integer keys so the hot
// path formats no strings; toStats converts once per file.
type fileStats struct {
	days  map[int64]int64 // event time, Unix day
	queue [len(QueueBuckets)]int64
	roles [4]int64 // agent, customer, bot, other
	feed  string
}

func (s *fileStats) day(ns int64) {
	if s.days == nil {
		s.days = map[int64]int64{}
	}
	d := ns / int64(24*time.Hour)
	if ns < 0 && ns%int64(24*time.Hour) != 0 {
		d--
	}
	s.days[d]++
}

// add counts what another part of the file counted.
func (s *fileStats) add(o *fileStats) {
	for d, n := range o.days {
		if s.days == nil {
			s.days = map[int64]int64{}
		}
		s.days[d] += n
	}
	for i, n := range o.queue {
		s.queue[i] += n
	}
	for i, n := range o.roles {
		s.roles[i] += n
	}
}

func (s *fileStats) toStats() *Stats {
	out := &Stats{}
	if len(s.days) > 0 {
		m := map[string]int64{}
		for d, n := range s.days {
			m[time.Unix(d*86400, 0).UTC().Format("2006-01-02")] += n
		}
		switch s.feed {
		case "call_center":
			out.CallsPerDay = m
		case "sales_attribution":
			out.TransactionsPerDay = m
		}
	}
	for i, n := range s.queue {
		if n > 0 {
			if out.QueueSeconds == nil {
				out.QueueSeconds = map[int]int64{}
			}
			out.QueueSeconds[QueueBuckets[i]] += n
		}
	}
	for i, n := range s.roles {
		if n > 0 {
			if out.Roles == nil {
				out.Roles = map[string]int64{}
			}
			out.Roles[[...]string{"agent", "customer", "bot", "other"}[i]] += n
		}
	}
	return out
}
