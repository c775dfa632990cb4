package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

var update = flag.Bool("update", false, "rewrite README's rule table and docs/rules.md from the registry")

// preflight runs the CLI in-process and returns its exit status and output.
func preflight(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"preflight"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodTranscript = "conversation_externalId,sender_externalId,sender_role,text,timestamp\n" +
	"c1,u1,customer,\"Hi, my bill is wrong\",2024-03-01T10:00:00Z\n" +
	"c1,a1,agent,Happy to help,2024-03-01T10:00:05.5Z\n"

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "good/chats.csv", goodTranscript)
	bad := write(t, dir, "bad/chats.csv", goodTranscript+"c1,a1,agent,,2024-03-01T10:00:06Z\n")
	warnOnly := write(t, dir, "warn/chats.csv", goodTranscript+"c1,a1,agent,   ,2024-03-01T10:00:07Z\n")
	empty := write(t, dir, "empty/nothing.csv", "")
	semicolons := write(t, dir, "semi/chats.csv", strings.ReplaceAll(strings.ReplaceAll(goodTranscript, ",", ";"), "Hi; my", "Hi, my"))

	cases := []struct {
		name string
		args []string
		code int
		err  string // in stderr
	}{
		{"clean file", []string{"check", good}, 0, ""},
		{"error finding", []string{"check", bad}, 1, ""},
		{"warning under default fail-on", []string{"check", warnOnly}, 0, ""},
		{"warning with fail-on warning", []string{"check", "--fail-on", "warning", warnOnly}, 1, ""},
		{"fail-on never", []string{"check", "--fail-on", "never", bad}, 0, ""},
		{"empty file: a finding, no feed needed", []string{"check", empty}, 1, ""},
		{"semicolon-separated: a csv/delimiter finding, not a usage error", []string{"check", semicolons}, 1, ""},
		{"semicolon-separated with --feed", []string{"check", "--feed", "transcripts", semicolons}, 1, ""},
		{"missing path", []string{"check", filepath.Join(dir, "nope.csv")}, 2, "no such file"},
		{"no args", []string{"check"}, 2, "at least one file"},
		{"unknown flag", []string{"check", "--frobnicate", good}, 2, "frobnicate"},
		{"bad fail-on", []string{"check", "--fail-on", "sometimes", good}, 2, "--fail-on"},
		{"bad format", []string{"check", "--format", "xml", good}, 2, "--format"},
		{"bad report", []string{"check", "--report", "sarif", good}, 2, "FORMAT=FILE"},
		{"unknown feed", []string{"check", "--feed", "nosuchfeed", good}, 2, `unknown feed "nosuchfeed": use one of`},
		{"feed by its S3 FEED_NAME", []string{"check", "--feed", "historical_transcripts", good}, 0, ""},
		{"call_center_issues as --feed", []string{"check", "--feed", "call_center_issues", filepath.Join(repoRoot(t), "testdata/sample/call_center_issues")}, 0, ""},
		{"a FEED_NAME is not a transcripts feed", []string{"check", "--feed", "call_center_issues", good}, 1, ""},
		{"bad dt", []string{"check", "--dt", "2024-02-30", good}, 2, "--dt"},
		{"unknown rule", []string{"rules", "no/such-rule"}, 2, "no rule"},
		{"flags after paths", []string{"check", bad, "--fail-on", "never", "--no-color"}, 0, ""},
		{"flag=value after paths", []string{"check", good, "--format=json"}, 0, ""},
		{"a path after --", []string{"check", "--", good}, 0, ""},
		{"unknown schema", []string{"schema", "nosuchfeed"}, 2, `unknown feed "nosuchfeed": use one of`},
		{"unknown rule family", []string{"rules", "nul"}, 2, "no rule"},
	}
	for _, c := range cases {
		t.Run(c.name, exitCase(c).run)
	}
}

// TestFeedCannotBeInferred: a file of no known feed beside real exports is
// an error finding on that file; the others are checked and every report is
// written (it used to stop the run with exit 2 and no report).
func TestFeedCannotBeInferred(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "exports/chats.csv", goodTranscript)
	write(t, dir, "exports/notes.csv", "a,b,c\n1,2,3\n")
	sarif := filepath.Join(dir, "out.sarif")
	code, stdout, stderr := preflight(t, "check", "--format", "json", "--report", "sarif="+sarif, filepath.Join(dir, "exports"))
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q: want 1 and no usage error", code, stderr)
	}
	var rep struct {
		Files []struct {
			Path    string
			Feed    string
			Records int
			Status  string
			Rules   []string
		}
		Findings []struct{ Rule, File, Fix string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 2 || rep.Files[0].Feed != "transcripts" || rep.Files[0].Records != 2 || rep.Files[1].Status != "checked" {
		t.Fatalf("files: %+v", rep.Files)
	}
	// Without a feed only format and encoding are checked; the rules that
	// need one did not run, so they are not listed (JUnit would pass them).
	if r := strings.Join(rep.Files[1].Rules, " "); strings.Contains(r, "schema/") || !strings.Contains(r, "csv/syntax") || !strings.Contains(r, "file/unknown-feed") {
		t.Errorf("rules applied to notes.csv: %s", r)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Rule != "file/unknown-feed" || !strings.HasSuffix(rep.Findings[0].File, "notes.csv") || !strings.Contains(rep.Findings[0].Fix, "--feed") {
		t.Errorf("findings: %+v", rep.Findings)
	}
	if b, err := os.ReadFile(sarif); err != nil || !strings.Contains(string(b), "file/unknown-feed") {
		t.Errorf("SARIF report: %v", err)
	}
}

func TestUnreadableFileDoesNotStopOthers(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/chats.csv", goodTranscript)
	if err := os.Symlink(filepath.Join(dir, "gone.csv"), filepath.Join(dir, "a", "broken.csv")); err != nil {
		t.Skip("no symlinks here")
	}
	code, stdout, stderr := preflight(t, "check", "--format", "json", filepath.Join(dir, "a"))
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr %s", code, stderr)
	}
	if !strings.Contains(stderr, "broken.csv") {
		t.Errorf("stderr should name the unreadable file: %q", stderr)
	}
	if !strings.Contains(stdout, `"records": 2`) {
		t.Errorf("the readable file must still be checked and reported:\n%s", stdout)
	}
}

func TestBadConfig(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "chats.csv", goodTranscript)
	for name, c := range map[string]struct{ yaml, want string }{
		"unknown key":   {"rulez:\n  null/spelling: off\n", "rulez"},
		"unknown rule":  {"rules:\n  null/speling: off\n", "rules.null/speling"},
		"bad severity":  {"rules:\n  null/spelling: loud\n", "loud"},
		"unknown feed":  {"feed: nosuchfeed\n", `feed: unknown feed "nosuchfeed": use one of`},
		"bad yaml":      {"rules: [\n", "config"},
		"bad fail-on":   {"fail-on: sometimes\n", "fail-on"},
		"schema absent": {"custom-feeds:\n  tags: nope.json\n", "custom-feeds.tags"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := write(t, dir, name+".yaml", c.yaml)
			code, _, stderr := preflight(t, "check", "--config", cfg, good)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q: want 2 naming %q", code, stderr, c.want)
			}
		})
	}
}

func TestConfigSeverityAndCustomFeed(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "tags.json", `{"type":"object","properties":{"tag_id":{"type":"string"},"score":{"type":"integer","minimum":0},"kind":{"type":"string","enum":["a","b"]}},"required":["tag_id"]}`)
	data := write(t, dir, "data/tags.csv", "tag_id,score,kind\nt1,5,a\nt2,-1,c\n")
	cfg := write(t, dir, ".preflight.yaml", "feeds:\n  - match: \"data/**\"\n    feed: tags\ncustom-feeds:\n  tags: tags.json\nrules:\n  record/duplicate: off\n")
	code, stdout, stderr := preflight(t, "check", "--config", cfg, "--format", "json", data)
	if code != 1 {
		t.Fatalf("exit %d; stderr %s\n%s", code, stderr, stdout)
	}
	if strings.Count(stdout, `"rule": "schema/constraint"`) != 2 {
		t.Errorf("want two schema/constraint findings (minimum and enum) on line 3:\n%s", stdout)
	}
	// Relative globs match relative to the working directory the user typed them from.
	cfgOff := write(t, dir, "off.yaml", "feed: tags\ncustom-feeds:\n  tags: tags.json\nrules:\n  schema/constraint: off\n")
	if code, out, _ := preflight(t, "check", "--config", cfgOff, data); code != 0 {
		t.Errorf("rule turned off in config still fails the run:\n%s", out)
	}
}

func TestRulesAndSchema(t *testing.T) {
	code, out, _ := preflight(t, "rules")
	if code != 0 || !strings.Contains(out, "null/empty-value") {
		t.Fatalf("rules: %d\n%s", code, out)
	}
	code, out, _ = preflight(t, "rules", "null/empty-value")
	for _, want := range []string{"Why", "Fix", "NULL"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("rules null/empty-value lacks %q:\n%s", want, out)
		}
	}
	// A family lists its rules and no others.
	code, out, _ = preflight(t, "rules", "null")
	for _, want := range []string{"null/empty-value", "null/quoted-null", "null/spelling"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("rules null lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "csv/") || strings.Contains(out, "schema/") {
		t.Errorf("rules null lists other families:\n%s", out)
	}
	code, out, _ = preflight(t, "schema", "call_center_issues")
	if code != 0 || !strings.Contains(out, `"customer_id"`) {
		t.Errorf("schema call_center_issues: %d\n%s", code, out)
	}
	code, out, _ = preflight(t, "schema", "transcripts")
	if code != 0 || !strings.Contains(out, `"conversation_externalId"`) {
		t.Errorf("schema transcripts: %d\n%s", code, out)
	}
	code, out, _ = preflight(t, "version")
	if code != 0 || !strings.Contains(out, "go1.") {
		t.Errorf("version: %q", out)
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		if code, out, _ := preflight(t, "completion", sh); code != 0 || !strings.Contains(out, "preflight") {
			t.Errorf("completion %s: %d", sh, code)
		}
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := preflight(t, "init"); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	if code, _, _ := preflight(t, "init"); code != 2 {
		t.Error("init must not overwrite without --force")
	}
	write(t, dir, "chats.csv", goodTranscript)
	if code, out, stderr := preflight(t, "check", "chats.csv"); code != 0 {
		t.Errorf("the starter config must be valid: %s %s", stderr, out)
	}
}

// TestDocsInSync keeps README's rule table, docs/rules.md and the examples
// built into the binary (rules/examples_gen.go) equal to the catalogue and
// its testdata. -update rewrites all three, from the testdata as it is now.
func TestDocsInSync(t *testing.T) {
	root := repoRoot(t)
	fresh, err := rules.RenderExamples(filepath.Join(root, "testdata", "rules"))
	if err != nil {
		t.Fatal(err)
	}
	list := rules.Catalogue()
	for i, in := range list {
		if ex, ok := fresh[in.ID]; ok {
			list[i].Bad, list[i].Good = ex.Bad, ex.Good
		}
	}
	gen := filepath.Join(root, "rules", "examples_gen.go")
	if *update {
		src, err := rules.ExamplesSource(fresh)
		if err != nil {
			t.Fatal(err)
		}
		writeIfChanged(t, gen, string(src))
		writeIfChanged(t, filepath.Join(root, "docs", "rules.md"), RulesMarkdown(list))
	}
	if RulesMarkdown(rules.Catalogue()) != RulesMarkdown(list) && !*update {
		t.Errorf("rules/examples_gen.go is out of date: run go test ./cmd/preflight -run TestDocsInSync -update")
	}
	if got, err := os.ReadFile(filepath.Join(root, "docs", "rules.md")); err != nil || string(got) != RulesMarkdown(list) {
		t.Errorf("docs/rules.md is out of date: run go test ./cmd/preflight -run TestDocsInSync -update")
	}

	readme := filepath.Join(root, "README.md")
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
	s := string(b)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q ... %q markers", start, end)
	}
	want := s[:i+len(start)] + RulesTableMarkdown(list, "docs/rules.md") + s[j:]
	if *update {
		writeIfChanged(t, readme, want)
		s = want
	}
	if s != want {
		t.Errorf("README.md's rule table is out of date: run go test ./cmd/preflight -run TestDocsInSync -update")
	}
}

func writeIfChanged(t *testing.T, p, content string) {
	t.Helper()
	if old, err := os.ReadFile(p); err == nil && string(old) == content {
		return
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExcludeFromConfig: exclude: globs skip paths in a walked directory;
// the report lists them as skipped, with the glob.
func TestExcludeFromConfig(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "exports/chats.csv", goodTranscript)
	write(t, dir, "exports/notes.csv", "a,b,c\n1,2,3\n")
	cfg := write(t, dir, ".preflight.yaml", "exclude:\n  - \"notes.csv\"\n")
	code, stdout, stderr := preflight(t, "check", "--config", cfg, "--format", "json", filepath.Join(dir, "exports"))
	if code != 0 || !strings.Contains(stdout, `"reason": "excluded by \"notes.csv\" in the config"`) || strings.Contains(stdout, `"rule": "file/unknown-feed"`) {
		t.Errorf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
}
