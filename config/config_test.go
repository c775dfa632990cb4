package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

func TestGlob(t *testing.T) {
	cases := []struct {
		glob, path string
		want       bool
	}{
		{"exports/calls/**", "exports/calls/2024/05/a.csv", true},
		{"exports/calls/**", "exports/chats/a.csv", false},
		{"**/chats_*.csv", "a/b/chats_1.csv", true},
		{"**/chats_*.csv", "chats_1.csv", true},
		{"*.jsonl", "a/b.jsonl", false},
		{"data/?.csv", "data/a.csv", true},
		{"data/?.csv", "data/ab.csv", false},
		{"data.v2/*.csv", "datax2/a.csv", false},
	}
	for _, c := range cases {
		if got := globRegexp(c.glob).MatchString(c.path); got != c.want {
			t.Errorf("%q ~ %q = %v, want %v", c.glob, c.path, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	c, err := Parse("x.yaml", []byte("feed: transcripts\nfeeds:\n  - match: \"calls/**\"\n    feed: call_center\nrules:\n  null/spelling: off\n  timestamp/range: error\nfail-on: warning\nmax-per-rule: 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.FeedFor("calls/2024/a.csv") != "call_center" || c.FeedFor("other/a.csv") != "transcripts" {
		t.Errorf("FeedFor: %q %q", c.FeedFor("calls/2024/a.csv"), c.FeedFor("other/a.csv"))
	}
	if c.Severity["null/spelling"] != rules.Off || c.Severity["timestamp/range"] != rules.Error {
		t.Errorf("severities: %v", c.Severity)
	}
	if c.FailOn != "warning" || c.MaxPerRule == nil || *c.MaxPerRule != 5 {
		t.Errorf("defaults: %+v", c)
	}
	if _, err := Parse("x.yaml", []byte("")); err != nil {
		t.Errorf("an empty config is valid: %v", err)
	}
	c, err = Parse("x.yaml", []byte("rule-settings:\n  transcript/sampling-window:\n    min-conversations: 3\n  transcript/repeated-content:\n    min-messages: 12\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Settings.SamplingMinConversations != 3 || c.Settings.RepeatedMinMessages != 12 {
		t.Errorf("rule-settings: %+v", c.Settings)
	}
	// A FEED_NAME alias names a feed too; config keeps its ID.
	c, err = Parse("x.yaml", []byte("feed: call_center_issues\nfeeds:\n  - match: \"chats/**\"\n    feed: historical_transcripts\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Feed != "call_center" || c.FeedFor("chats/a.csv") != "transcripts" {
		t.Errorf("aliases: feed %q, chats %q", c.Feed, c.FeedFor("chats/a.csv"))
	}
}

func TestParseErrorsNameTheKey(t *testing.T) {
	for yaml, key := range map[string]string{
		"rules:\n  nope/nope: off\n":          "rules.nope/nope",
		"max-per-rule: -1\n":                  "max-per-rule",
		"mode: daily\n":                       "mode",
		"feeds:\n  - feed: call_center\n":     "feeds[0].match",
		"custom-feeds:\n  Bad-Id: x.json\n":   "custom-feeds.Bad-Id",
		"colour: true\n":                      "colour",
		"feeds:\n  - match: a\n    feed: x\n": "feeds[0].feed",
		"rule-settings:\n  transcript/sampling-window:\n    min-conversations: 0\n": "rule-settings.transcript/sampling-window.min-conversations",
		"rule-settings:\n  transcript/repeated-content:\n    min-messages: -2\n":    "rule-settings.transcript/repeated-content.min-messages",
		"rule-settings:\n  transcript/sampling:\n    min: 3\n":                      `unknown key "transcript/sampling" (known: transcript/sampling-window, transcript/repeated-content, audio/too-short, audio/too-long)`,
		"rule-settings:\n  transcript/sampling-window:\n    min: 3\n":               `unknown key "min"`,
		"rule-settings:\n  audio/too-short:\n    min-seconds: 0\n":                  "rule-settings.audio/too-short.min-seconds",
		"rule-settings:\n  audio/too-long:\n    max-seconds: -1\n":                  "rule-settings.audio/too-long.max-seconds",
		"audio-name: \"{conversation_id\"\n":                                        "audio-name",
		"audio-name: \"{nope}.wav\"\n":                                              "audio-name",
	} {
		_, err := Parse("cfg.yaml", []byte(yaml))
		if err == nil || !strings.Contains(err.Error(), key) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v should name %q on one line", yaml, err, key)
		}
	}
}

func TestAudioSettings(t *testing.T) {
	c, err := Parse("cfg.yaml", []byte("audio-name: \"call-{conversation_id}.wav\"\naudio-samples: true\n"+
		"rule-settings:\n  audio/too-short:\n    min-seconds: 0.5\n  audio/too-long:\n    max-seconds: 7200\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := rules.AudioSettings{MinSeconds: 0.5, MaxSeconds: 7200, Samples: true, Name: "call-{conversation_id}.wav"}
	if c.Settings.Audio != want {
		t.Errorf("audio settings %+v, want %+v", c.Settings.Audio, want)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != filepath.Join(dir, FileName) {
		t.Errorf("Find = %q", got)
	}
}

// TestCustomFeedRefs: a custom schema's $ref reaches files beside it, and
// elsewhere only through schema-dirs; errors name the custom-feeds key.
func TestCustomFeedRefs(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	for name, body := range map[string]string{
		"schemas/tags.json":   `{"x-preflight-feed": {"id": "tags"}, "properties": {"id": {"type": "string"}, "channel": {"$ref": "common.json#/channel"}}}`,
		"schemas/common.json": `{"channel": {"type": "string", "enum": ["voice", "chat"]}}`,
		"schemas/far.json":    `{"x-preflight-feed": {"id": "far"}, "properties": {"channel": {"$ref": "` + filepath.ToSlash(shared) + `/channel.json"}}}`,
		"schemas/loop.json":   `{"x-preflight-feed": {"id": "loop"}, "definitions": {"a": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}`,
		"shared/channel.json": `{"type": "string"}`,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(dir, FileName)
	if _, err := Parse(cfg, []byte("custom-feeds:\n  tags: schemas/tags.json\n")); err != nil {
		t.Errorf("a ref to a file beside the schema: %v", err)
	}
	_, err := Parse(cfg, []byte("custom-feeds:\n  far: schemas/far.json\n"))
	if err == nil || !strings.Contains(err.Error(), "custom-feeds.far") || !strings.Contains(err.Error(), "schema-dirs") {
		t.Errorf("a ref outside the schema's directory: %v", err)
	}
	if _, err := Parse(cfg, []byte("schema-dirs: [shared]\ncustom-feeds:\n  far: schemas/far.json\n")); err != nil {
		t.Errorf("a ref into schema-dirs: %v", err)
	}
	_, err = Parse(cfg, []byte("custom-feeds:\n  loop: schemas/loop.json\n"))
	if err == nil || !strings.Contains(err.Error(), "custom-feeds.loop") || !strings.Contains(err.Error(), "recursive $ref") {
		t.Errorf("a recursive ref: %v", err)
	}
	_, err = Parse(cfg, []byte("schema-dirs: [nowhere]\n"))
	if err == nil || !strings.Contains(err.Error(), "schema-dirs[0]") {
		t.Errorf("a schema-dirs entry that is no directory: %v", err)
	}
}

func TestExclude(t *testing.T) {
	c, err := Parse("x.yaml", []byte("exclude:\n  - \"exports/tmp/**\"\n  - \"*.bak\"\n  - \"**/scratch/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"exports/tmp":               "exports/tmp/**", // the directory itself: skipped whole
		"exports/tmp/a/b.csv":       "exports/tmp/**",
		"exports/old.bak":           "*.bak",
		"exports/calls.csv":         "",
		"exports/tmpx/a.csv":        "",
		"a/b/scratch":               "**/scratch/",
		"a/b/scratch/x.csv":         "",
		"exports/tmp.csv":           "",
		"deep/er/file.bak":          "*.bak",
		"exports/call_center.jsonl": "",
	} {
		if got := c.Excluded(path); got != want {
			t.Errorf("Excluded(%q) = %q, want %q", path, got, want)
		}
	}
	if _, err := Parse("x.yaml", []byte("exclude: [\"\"]\n")); err == nil || !strings.Contains(err.Error(), "exclude[0]") {
		t.Errorf("an empty glob: %v", err)
	}
}
