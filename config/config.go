// Package config reads .preflight.yaml: per-rule severities, feeds by path
// glob, custom feeds from a user's JSON Schema, and default flags.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/preflight-data/preflight/internal/regular"
	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/schemas"
)

// FileName is the config file searched for upward from the working directory.
const FileName = ".preflight.yaml"

// MaxBytes caps a config file: it is a few lines of settings, so anything
// bigger is a mistake (or /dev/zero), not a config.
const MaxBytes = 1 << 20

// Config is a parsed .preflight.yaml.
type Config struct {
	// Path is where it was read from ("" = no config file).
	Path string
	// Feed is the default feed for files nothing else decides.
	Feed string
	// Feeds maps path globs to feeds; the first match wins.
	Feeds []FeedGlob
	// Exclude holds globs of paths a directory walk skips.
	Exclude []string
	// Severity overrides per rule ID (rules.Off disables).
	Severity map[string]rules.Severity
	// Registry holds built-in and custom feeds.
	Registry *schemas.Registry
	// Settings are rule parameters from rule-settings.
	Settings rules.Settings
	exclude  []excludeRE
	// Defaults for flags the command line did not set.
	FailOn     string
	Format     string
	MaxPerRule *int
	Mode, DT   string
}

// FeedGlob is one `feeds:` entry.
type FeedGlob struct {
	Match string
	Feed  string
	re    *regexp.Regexp
}

// excludeRE are the compiled Exclude globs, in order.
type excludeRE struct {
	glob string
	re   *regexp.Regexp
}

type rawConfig struct {
	Feed         string            `yaml:"feed"`
	Feeds        []rawGlob         `yaml:"feeds"`
	CustomFeeds  map[string]string `yaml:"custom-feeds"`
	SchemaDirs   []string          `yaml:"schema-dirs"`
	Exclude      []string          `yaml:"exclude"`
	Rules        map[string]string `yaml:"rules"`
	FailOn       string            `yaml:"fail-on"`
	Format       string            `yaml:"format"`
	MaxPerRule   *int              `yaml:"max-per-rule"`
	Mode         string            `yaml:"mode"`
	DT           string            `yaml:"dt"`
	RuleSettings rawRuleSettings   `yaml:"rule-settings"`
	AudioName    string            `yaml:"audio-name"`
	AudioSamples bool              `yaml:"audio-samples"`
}

// rawRuleSettings are the rules that take parameters, keyed by rule ID.
type rawRuleSettings struct {
	SamplingWindow *struct {
		MinConversations *int `yaml:"min-conversations"`
	} `yaml:"transcript/sampling-window"`
	RepeatedContent *struct {
		MinMessages *int `yaml:"min-messages"`
	} `yaml:"transcript/repeated-content"`
	AudioTooShort *struct {
		MinSeconds *float64 `yaml:"min-seconds"`
	} `yaml:"audio/too-short"`
	AudioTooLong *struct {
		MaxSeconds *float64 `yaml:"max-seconds"`
	} `yaml:"audio/too-long"`
}

// knownKeys names the keys each part of the file takes, for messages.
var knownKeys = map[string]string{
	"config.rawConfig":       "feed, feeds, exclude, custom-feeds, schema-dirs, rules, rule-settings, fail-on, format, max-per-rule, mode, dt, audio-name, audio-samples",
	"config.rawRuleSettings": "transcript/sampling-window, transcript/repeated-content, audio/too-short, audio/too-long",
}

type rawGlob struct {
	Match string `yaml:"match"`
	Feed  string `yaml:"feed"`
}

// Error is a bad config: the CLI prints it as one line and exits 2.
type Error struct {
	Path, Key, Msg string
}

func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("config %s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("config %s: %s: %s", e.Path, e.Key, e.Msg)
}

// Find looks for FileName in dir and its parents; "" when there is none.
func Find(dir string) string {
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Default is the configuration when there is no file.
func Default() *Config {
	return &Config{Severity: map[string]rules.Severity{}, Registry: schemas.NewRegistry()}
}

// Load reads and validates a config file, which must be a regular file of
// at most MaxBytes (or os.DevNull, an empty config). Custom feed schema paths are relative to the config
// file's directory.
func Load(path string) (*Config, error) {
	if path == os.DevNull {
		// The usual way to say "no config": it reads as empty.
		return Parse(path, nil)
	}
	data, err := regular.Read(path, MaxBytes)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	return Parse(path, data)
}

// Parse validates config text; path is used in messages and to resolve schema files.
func Parse(path string, data []byte) (*Config, error) {
	var raw rawConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return nil, &Error{Path: path, Msg: yamlMessage(err)}
	}
	c := Default()
	c.Path = path
	// Custom feeds first: feed: and feeds: may name them.
	for _, step := range []func(*rawConfig) error{c.customFeeds, c.feedGlobs, c.excludes, c.severities, c.flagDefaults} {
		if err := step(&raw); err != nil {
			return nil, err
		}
	}
	if err := c.ruleSettings(raw.RuleSettings); err != nil {
		return nil, err
	}
	if err := c.audioSettings(&raw); err != nil {
		return nil, err
	}
	return c, nil
}

// audioSettings reads audio-name, audio-samples and the audio rules'
// durations into c.Settings.Audio.
func (c *Config) audioSettings(raw *rawConfig) error {
	a := &c.Settings.Audio
	if raw.AudioName != "" {
		if err := rules.CheckAudioName(raw.AudioName); err != nil {
			return &Error{Path: c.Path, Key: "audio-name", Msg: err.Error()}
		}
		a.Name = raw.AudioName
	}
	a.Samples = raw.AudioSamples
	secs := func(key string, v *float64, dst *float64) error {
		if v == nil {
			return nil
		}
		if *v <= 0 {
			return &Error{Path: c.Path, Key: "rule-settings." + key, Msg: "must be more than 0 seconds"}
		}
		*dst = *v
		return nil
	}
	if s := raw.RuleSettings.AudioTooShort; s != nil {
		if err := secs("audio/too-short.min-seconds", s.MinSeconds, &a.MinSeconds); err != nil {
			return err
		}
	}
	if s := raw.RuleSettings.AudioTooLong; s != nil {
		if err := secs("audio/too-long.max-seconds", s.MaxSeconds, &a.MaxSeconds); err != nil {
			return err
		}
	}
	return nil
}

// customFeeds compiles custom-feeds (with schema-dirs for their $refs)
// into the registry.
func (c *Config) customFeeds(raw *rawConfig) error {
	var opt schemas.FileOptions
	for i, d := range raw.SchemaDirs {
		if st, err := os.Stat(besideConfig(c.Path, d)); err != nil || !st.IsDir() {
			return &Error{Path: c.Path, Key: fmt.Sprintf("schema-dirs[%d]", i), Msg: fmt.Sprintf("%s is not a directory", d)}
		}
		opt.RefDirs = append(opt.RefDirs, besideConfig(c.Path, d))
	}
	for _, id := range slices.Sorted(maps.Keys(raw.CustomFeeds)) {
		doc := raw.CustomFeeds[id]
		if !validID(id) {
			return &Error{Path: c.Path, Key: "custom-feeds." + id, Msg: "a feed id is lowercase letters, digits and _"}
		}
		f, err := schemas.CompileFile(id, besideConfig(c.Path, doc), opt)
		if err != nil {
			return &Error{Path: c.Path, Key: "custom-feeds." + id, Msg: fmt.Sprintf("%s: %v", doc, err)}
		}
		if err := c.Registry.Add(f); err != nil {
			return &Error{Path: c.Path, Key: "custom-feeds." + id, Msg: err.Error()}
		}
	}
	return nil
}

// knownFeed is the ID of a feed named by its ID or a FEED_NAME alias;
// config keeps the ID.
func (c *Config) knownFeed(key, name string) (string, error) {
	f, err := c.Registry.Resolve(name)
	if err != nil {
		return "", &Error{Path: c.Path, Key: key, Msg: err.Error()}
	}
	return f.ID, nil
}

// feedGlobs reads feed: and feeds:.
func (c *Config) feedGlobs(raw *rawConfig) error {
	if raw.Feed != "" {
		id, err := c.knownFeed("feed", raw.Feed)
		if err != nil {
			return err
		}
		c.Feed = id
	}
	for i, g := range raw.Feeds {
		key := fmt.Sprintf("feeds[%d]", i)
		if g.Match == "" {
			return &Error{Path: c.Path, Key: key + ".match", Msg: "missing glob"}
		}
		id, err := c.knownFeed(key+".feed", g.Feed)
		if err != nil {
			return err
		}
		c.Feeds = append(c.Feeds, FeedGlob{Match: g.Match, Feed: id, re: globRegexp(g.Match)})
	}
	return nil
}

// excludes compiles exclude:.
func (c *Config) excludes(raw *rawConfig) error {
	for i, g := range raw.Exclude {
		if strings.TrimSpace(g) == "" {
			return &Error{Path: c.Path, Key: fmt.Sprintf("exclude[%d]", i), Msg: "empty glob"}
		}
		c.Exclude = append(c.Exclude, g)
		// "dir/**" and "dir/" also match dir itself, so the walk skips it whole.
		dir := strings.TrimSuffix(strings.TrimSuffix(g, "**"), "/")
		if dir != g && dir != "" && !strings.HasSuffix(dir, "*") {
			c.exclude = append(c.exclude, excludeRE{g, globRegexp(dir)})
		}
		c.exclude = append(c.exclude, excludeRE{g, globRegexp(strings.TrimSuffix(g, "/"))})
	}
	return nil
}

// severities reads rules:, in ID order, so the first bad entry is always
// the one named.
func (c *Config) severities(raw *rawConfig) error {
	for _, id := range slices.Sorted(maps.Keys(raw.Rules)) {
		if _, ok := rules.Lookup(id); !ok {
			return &Error{Path: c.Path, Key: "rules." + id, Msg: "no such rule (preflight rules lists them)"}
		}
		sev, err := rules.ParseSeverity(raw.Rules[id])
		if err != nil {
			return &Error{Path: c.Path, Key: "rules." + id, Msg: err.Error()}
		}
		c.Severity[id] = sev
	}
	return nil
}

// flagDefaults reads the defaults for flags: fail-on, format, max-per-rule,
// mode and dt.
func (c *Config) flagDefaults(raw *rawConfig) error {
	switch raw.FailOn {
	case "", "error", "warning", "note", "never":
	default:
		return &Error{Path: c.Path, Key: "fail-on", Msg: fmt.Sprintf("%q: use error, warning, note or never", raw.FailOn)}
	}
	if err := layout.CheckMode(raw.Mode); err != nil {
		return &Error{Path: c.Path, Key: "mode", Msg: err.Error()}
	}
	if raw.MaxPerRule != nil && *raw.MaxPerRule < 0 {
		return &Error{Path: c.Path, Key: "max-per-rule", Msg: "must be 0 (no cap) or more"}
	}
	c.FailOn, c.Format, c.MaxPerRule, c.Mode, c.DT = raw.FailOn, raw.Format, raw.MaxPerRule, raw.Mode, raw.DT
	return nil
}

// ruleSettings takes rule-settings into c.Settings; every count is 1 or more.
func (c *Config) ruleSettings(raw rawRuleSettings) error {
	count := func(key string, n *int, dst *int) error {
		if n == nil {
			return nil
		}
		if *n < 1 {
			return &Error{Path: c.Path, Key: "rule-settings." + key, Msg: "must be 1 or more"}
		}
		*dst = *n
		return nil
	}
	if s := raw.SamplingWindow; s != nil {
		if err := count("transcript/sampling-window.min-conversations", s.MinConversations, &c.Settings.SamplingMinConversations); err != nil {
			return err
		}
	}
	if s := raw.RepeatedContent; s != nil {
		if err := count("transcript/repeated-content.min-messages", s.MinMessages, &c.Settings.RepeatedMinMessages); err != nil {
			return err
		}
	}
	return nil
}

// Excluded returns the exclude: glob that matches a walked path (a file or a
// directory, matched like feeds: globs: the path as walked, or its base
// name), or "".
func (c *Config) Excluded(path string) string {
	p := filepath.ToSlash(path)
	for _, g := range c.exclude {
		if g.re.MatchString(p) || g.re.MatchString(filepath.Base(p)) {
			return g.glob
		}
	}
	return ""
}

// FeedFor returns the feed for a path from the globs, else the default feed.
func (c *Config) FeedFor(path string) string {
	p := filepath.ToSlash(path)
	for _, g := range c.Feeds {
		if g.re.MatchString(p) || g.re.MatchString(filepath.Base(p)) {
			return g.Feed
		}
	}
	return c.Feed
}

// besideConfig resolves a path written in the config against its directory.
func besideConfig(config, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(config), p)
}

func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// globRegexp compiles a glob where * matches within a path segment, **
// matches across segments and ? matches one character.
func globRegexp(g string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(g); i++ {
		switch c := g[i]; c {
		case '*':
			if i+1 < len(g) && g[i+1] == '*' {
				i++
				if i+1 < len(g) && g[i+1] == '/' {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// yamlMessage makes yaml.v3's "field x not found in type config.rawConfig" readable.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	unknown := regexp.MustCompile(`field (\S+) not found in type (\S+)`)
	msg = unknown.ReplaceAllStringFunc(msg, func(m string) string {
		sub := unknown.FindStringSubmatch(m)
		if known, ok := knownKeys[sub[2]]; ok {
			return fmt.Sprintf("unknown key %q (known: %s)", sub[1], known)
		}
		return fmt.Sprintf("unknown key %q", sub[1])
	})
	msg = regexp.MustCompile(`cannot unmarshal !!(\w+) .*? into (\S+)`).ReplaceAllString(msg, "wrong type ($1)")
	return strings.ReplaceAll(msg, "\n", "; ")
}
