package rules

import (
	"encoding/json"
	"slices"
	"strings"
)

// Info is one rule: its ID, default severity, where it applies, its
// documentation and its examples, and the pass that checks it where the
// rule has one of its own. A rule is one such value, in the rule_*.go file
// of its family, listed once in catalogue. `preflight rules ID`, the README
// rule table, docs/rules.md and SARIF rule metadata all come from it.
type Info struct {
	// ID is public API: SARIF ruleId, JUnit test case, config key. Never rename one.
	ID string `json:"id"`
	// Severity is the default severity.
	Severity Severity `json:"severity"`
	// Summary is one line: what the rule catches.
	Summary string `json:"summary"`
	// Why explains why it matters, quoting the spec where there is a passage,
	// and says which findings this rule's finding stands in for (one
	// mistake, one finding).
	Why string `json:"why"`
	// Spec is the passage of ASAPP's spec the rule enforces, verbatim, if any.
	Spec string `json:"spec,omitempty"`
	// Fix says how to fix a finding.
	Fix string `json:"fix"`
	// Examples names the testdata files shown as the rule's examples.
	Examples Examples `json:"-"`
	// Bad and Good are the examples as shown: a file that triggers the rule
	// and a near miss that does not. They are rendered from Examples
	// (examples_gen.go), or written here by hand when Examples.Illustration
	// says why they cannot be files.
	Bad  string `json:"bad,omitempty"`
	Good string `json:"good,omitempty"`
	// Feeds limits the rule to some feeds; empty means all.
	Feeds []string `json:"feeds,omitempty"`
	// Formats limits the rule to "csv" or "jsonl" (or, for an audio rule,
	// to some audio formats); empty means all of its feeds' formats.
	Formats []string `json:"formats,omitempty"`
	// Needs says what else must be known about a file for the rule to run on it.
	Needs Needs `json:"needs,omitempty"`
	// Gate marks a rule that keeps publish's promise (_SUCCESS covers
	// exactly the checked files): config may not turn it off or lower it.
	Gate bool `json:"gate,omitempty"`
	// Fixable marks a rule whose findings `preflight fix` repairs, at least
	// in the mechanical cases its README section lists.
	Fixable bool `json:"fixable,omitempty"`
	// check is the pass over each record that reports the rule, when the
	// rule has one of its own (or shares one with its family); nil for
	// rules the readers, the file plan, the value pass or the dataset
	// report.
	check *check
}

// Examples are the files a rule's docs show, relative to the rule's
// testdata directory, testdata/rules/<ID>/: Bad under bad/ (each has a
// finding of the rule in want.txt), Good under good/ (which has none), and
// Setup beside them (a custom schema) shown with both. Docs show exactly
// these files, trimmed, so what a user reads is what the tests run.
type Examples struct {
	Bad, Good, Setup []string
	// Illustration, when set, says why the examples cannot be files (a
	// publish target on S3, a 64 MiB record); Info.Bad and Info.Good are
	// then written by hand.
	Illustration string
}

// Needs is what must be known about a file, beyond its format, for a rule
// to run on it. The zero value needs nothing: the readers and the file's
// bytes are enough.
type Needs uint8

const (
	// NeedsFeed: the rule reads records through a feed's schema. A rule
	// limited to some Feeds needs one anyway.
	NeedsFeed Needs = 1 << iota
	// NeedsCustomFeed: a custom feed from a JSON Schema in config.
	NeedsCustomFeed
	// NeedsLayout: the file sits in the S3 layout,
	// FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/.
	NeedsLayout
	// NeedsWindow: a dt day (from --dt or the layout path) and a feed with
	// an event-time field to hold to it.
	NeedsWindow
	// NeedsTarget: a publish target (bucket and prefix).
	NeedsTarget
	// NeedsSamples: --audio-samples, which decodes a window of each recording.
	NeedsSamples
	// NeedsAudioLink: recordings linked to call records by an id in their
	// names (--audio-name).
	NeedsAudioLink
)

var needNames = []struct {
	n          Needs
	name, text string
}{
	{NeedsFeed, "feed", ""},
	{NeedsCustomFeed, "custom-feed", "custom feeds (a JSON Schema in config)"},
	{NeedsLayout, "layout", "when the file sits in an S3 layout path"},
	{NeedsWindow, "window", "when a dt day is known"},
	{NeedsTarget, "target", "when a publish target is known"},
	{NeedsSamples, "samples", "with --audio-samples"},
	{NeedsAudioLink, "audio-link", "with --audio-name"},
}

// MarshalJSON lists the needs by name: ["feed", "window"].
func (n Needs) MarshalJSON() ([]byte, error) {
	names := []string{}
	for _, x := range needNames {
		if n&x.n != 0 {
			names = append(names, x.name)
		}
	}
	return json.Marshal(names)
}

// scope is what is known about one file, to match against Info's
// applicability.
type scope struct {
	feed, format            string
	custom, laidOut, window bool
	target                  bool
	samples, audioLink      bool
}

// appliesTo reports whether the rule runs on a file of this scope. A
// recording (feed audio) gets the audio rules and the rules of where it
// is sent (layout and target), none of the text rules.
func (i *Info) appliesTo(s scope) bool {
	if s.feed == AudioFeed && !slices.Contains(i.Feeds, AudioFeed) && i.Needs&(NeedsLayout|NeedsTarget) == 0 {
		return false
	}
	if len(i.Feeds) > 0 && !slices.Contains(i.Feeds, s.feed) || len(i.Formats) > 0 && !slices.Contains(i.Formats, s.format) {
		return false
	}
	return i.Needs&^s.has() == 0
}

// has is what the scope knows, as the Needs it meets.
func (s scope) has() Needs {
	var n Needs
	for _, x := range []struct {
		ok   bool
		need Needs
	}{{s.feed != "", NeedsFeed}, {s.custom, NeedsCustomFeed}, {s.laidOut, NeedsLayout}, {s.window, NeedsWindow},
		{s.target, NeedsTarget}, {s.samples, NeedsSamples}, {s.audioLink, NeedsAudioLink}} {
		if x.ok {
			n |= x.need
		}
	}
	return n
}

// AppliesTo says in words where the rule runs ("feeds transcripts;
// formats csv"), empty when it runs on every file.
func (i Info) AppliesTo() string {
	var parts []string
	if len(i.Feeds) > 0 {
		parts = append(parts, "feeds "+strings.Join(i.Feeds, ", "))
	}
	if len(i.Formats) > 0 {
		parts = append(parts, "formats "+strings.Join(i.Formats, ", "))
	}
	for _, x := range needNames {
		// Every rule but the readers' needs a feed; file/unknown-feed
		// says where there is none, so this need is not spelled out.
		if i.Needs&x.n != 0 && x.text != "" {
			parts = append(parts, x.text)
		}
	}
	return strings.Join(parts, "; ")
}

// Name is the rule's ID in PascalCase, for report formats that want a name
// beside the ID (SARIF reportingDescriptor.name).
func (i Info) Name() string {
	out := make([]byte, 0, len(i.ID))
	up := true
	for j := 0; j < len(i.ID); j++ {
		c := i.ID[j]
		if c == '/' || c == '-' || c == '_' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		out = append(out, c)
	}
	return string(out)
}
