package reports

import (
	"encoding/json"
	"io"
	"math"

	"github.com/preflight-data/preflight/rules"
)

// The JSON report has its own types rather than marshalling rules' structs:
// its field names are a public contract (version 1) and must not move when
// the engine's types do.

type jsonReport struct {
	Version    int              `json:"version"`
	Tool       jsonTool         `json:"tool"`
	Summary    jsonSummary      `json:"summary"`
	MaxPerRule int              `json:"max_per_rule"`
	Files      []jsonFile       `json:"files"`
	Findings   []jsonFinding    `json:"findings"`
	Omitted    map[string]int64 `json:"omitted"`
	Skipped    []jsonSkipped    `json:"skipped"`
}

// jsonSkipped is a file or directory a walk did not check.
type jsonSkipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

type jsonTool struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"information_uri,omitempty"`
}

type jsonSummary struct {
	Files    int   `json:"files"`
	Records  int64 `json:"records"`
	Errors   int64 `json:"errors"`
	Warnings int64 `json:"warnings"`
	Notes    int64 `json:"notes"`
	// Unreadable counts files that could not be read; Skipped, what a
	// directory walk passed over.
	Unreadable int `json:"unreadable"`
	Skipped    int `json:"skipped"`
	// Recordings and AudioSeconds total the audio feed's files.
	Recordings   int     `json:"recordings,omitempty"`
	AudioSeconds float64 `json:"audio_seconds,omitempty"`
}

type jsonFile struct {
	Path string `json:"path"`
	// Status is "checked" or "unreadable" (then Error says why); absent
	// for a path only a finding names.
	Status   string           `json:"status,omitempty"`
	Error    string           `json:"error,omitempty"`
	Feed     string           `json:"feed,omitempty"`
	Format   string           `json:"format,omitempty"`
	Bytes    int64            `json:"bytes"`
	Records  int64            `json:"records"`
	Errors   int64            `json:"errors"`
	Warnings int64            `json:"warnings"`
	Notes    int64            `json:"notes"`
	Rules    []string         `json:"rules"`
	Counts   map[string]int64 `json:"counts"`
	// Audio is what a recording's headers say (feed audio only).
	Audio *jsonAudio `json:"audio,omitempty"`
}

// jsonAudio describes one recording.
type jsonAudio struct {
	Format     string  `json:"format"`
	Codec      string  `json:"codec"`
	SampleRate int     `json:"sample_rate"`
	Channels   int     `json:"channels"`
	Bits       int     `json:"bits,omitempty"`
	Seconds    float64 `json:"seconds"`
	// Levels, with --audio-samples: the decoded window's length, peak
	// (dBFS) and share of clipped samples.
	Levels *jsonLevels `json:"levels,omitempty"`
}

type jsonLevels struct {
	Seconds  float64 `json:"seconds"`
	PeakDBFS float64 `json:"peak_dbfs"`
	Clipped  float64 `json:"clipped"`
}

func audioJSON(f *rules.FileResult) *jsonAudio {
	a := f.Audio
	if a == nil {
		return nil
	}
	out := &jsonAudio{Format: a.Format, Codec: a.Codec, SampleRate: a.SampleRate, Channels: a.Channels, Bits: a.Bits,
		Seconds: math.Round(a.Seconds*1000) / 1000}
	if l := a.Levels; l != nil {
		out.Levels = &jsonLevels{Seconds: math.Round(l.Seconds*1000) / 1000, PeakDBFS: math.Round(l.PeakDBFS()*10) / 10, Clipped: l.Clipped}
	}
	return out
}

type jsonFinding struct {
	Rule     string         `json:"rule"`
	Severity rules.Severity `json:"severity"`
	File     string         `json:"file"`
	Line     int            `json:"line,omitempty"`
	Column   int            `json:"column,omitempty"`
	// Offset 0 cannot be told from "not set", so only positive offsets are written.
	Offset         int64  `json:"offset,omitempty"`
	Field          string `json:"field,omitempty"`
	ConversationID string `json:"conversation_id,omitempty"`
	Value          string `json:"value,omitempty"`
	Message        string `json:"message"`
	Fix            string `json:"fix,omitempty"`
}

// writeJSON writes the whole result as one indented document, the findings
// streamed one by one. Durations are left out so the same data always gives
// the same bytes.
func writeJSON(w io.Writer, res *rules.Result, opt Options) error {
	return streamJSON(w, jsonDoc(res, opt), "findings", 1, func(emit func(any) error) error {
		return res.EachFinding(func(f rules.Finding) error { return emit(jsonFindingOf(f)) })
	})
}

// jsonDoc is the report without its findings.
func jsonDoc(res *rules.Result, opt Options) jsonReport {
	rep := jsonReport{
		Version: 1,
		Tool: jsonTool{
			Name:           opt.toolName(),
			Version:        opt.ToolVersion,
			InformationURI: opt.InformationURI,
		},
		MaxPerRule: res.MaxPerRule,
		Files:      make([]jsonFile, 0, len(res.Files)),
		Findings:   []jsonFinding{},
		Omitted:    map[string]int64{},
		Skipped:    make([]jsonSkipped, 0, len(res.Skipped)),
	}
	for _, s := range res.Skipped {
		rep.Skipped = append(rep.Skipped, jsonSkipped(s))
	}
	rep.Summary.Skipped = len(res.Skipped)
	for _, f := range res.Files {
		rep.Summary.Files++
		rep.Summary.Records += f.Records
		rep.Summary.Errors += f.Errors
		rep.Summary.Warnings += f.Warnings
		rep.Summary.Notes += f.Notes
		if f.Status == rules.StatusUnreadable {
			rep.Summary.Unreadable++
		}
		if f.Feed == rules.AudioFeed {
			rep.Summary.Recordings++
		}
		if f.Audio != nil {
			rep.Summary.AudioSeconds = math.Round((rep.Summary.AudioSeconds+f.Audio.Seconds)*1000) / 1000
		}
		rep.Files = append(rep.Files, jsonFileOf(f))
	}
	for rule, n := range res.Omitted {
		if n != 0 {
			rep.Omitted[rule] = n
		}
	}
	return rep
}

func jsonFileOf(f rules.FileResult) jsonFile {
	jf := jsonFile{
		Path: f.Path, Status: f.Status, Error: f.Error, Feed: f.Feed, Format: f.Format, Bytes: f.Bytes,
		Records: f.Records, Errors: f.Errors, Warnings: f.Warnings, Notes: f.Notes,
		Rules:  f.Rules,
		Counts: map[string]int64{},
		Audio:  audioJSON(&f),
	}
	// Empty collections are written as [] and {}, never null, so
	// consumers need no special case.
	if jf.Rules == nil {
		jf.Rules = []string{}
	}
	for rule, n := range f.Counts {
		if n != 0 {
			jf.Counts[rule] = n
		}
	}
	return jf
}

func jsonFindingOf(f rules.Finding) jsonFinding {
	jf := jsonFinding{
		Rule: f.Rule, Severity: f.Severity, File: f.File,
		Line: f.Line, Column: f.Col,
		Field: f.Field, ConversationID: f.Conversation,
		Value: f.Value, Message: f.Message, Fix: f.Fix,
	}
	if f.Offset > 0 {
		jf.Offset = f.Offset
	}
	return jf
}

// encodeJSON writes v indented by two spaces, without HTML escaping: reports
// are read by people and tools, not embedded in web pages, and "<" must stay
// "<" in a value.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
