package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/audio"
	"github.com/preflight-data/preflight/rules"
)

// TestDocExamples holds docs/rules.md to what the tests run. For every rule
// in the catalogue, the "Triggers it" and "Passes" blocks of its section
// are files of its testdata, labelled with their path: every line shown is
// the file's line (with the gaps the block declares, and nothing else
// left out), and `preflight check` on exactly the files shown finds the
// rule in a "Triggers it" file and nowhere in the "Passes" files. A rule
// whose examples cannot be files (Examples.Illustration; the rules
// package's test lists them) must say so in its section instead.
func TestDocExamples(t *testing.T) {
	root := repoRoot(t)
	doc, err := os.ReadFile(filepath.Join(root, "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	sections := docSections(string(doc))
	for _, in := range rules.Catalogue() {
		t.Run(in.ID, func(t *testing.T) {
			sec, ok := sections[in.ID]
			if !ok {
				t.Fatalf("docs/rules.md has no section for %s", in.ID)
			}
			bad, good := exampleBlock(t, sec, "Triggers it:"), exampleBlock(t, sec, "Passes:")
			if in.Examples.Illustration != "" {
				if !strings.Contains(sec, "illustrations, not test files: "+in.Examples.Illustration) {
					t.Errorf("the section of %s does not say why its examples are not files", in.ID)
				}
				return
			}
			badFiles := shownFiles(t, root, in.ID, "bad", bad)
			goodFiles := shownFiles(t, root, in.ID, "good", good)
			if n := exampleFindings(t, root, in.ID, "bad", badFiles, true); n == 0 {
				t.Errorf("the files under Triggers it (%v) do not trigger %s", badFiles, in.ID)
			}
			if n := exampleFindings(t, root, in.ID, "good", goodFiles, false); n != 0 {
				t.Errorf("the files under Passes (%v) trigger %s %d times", goodFiles, in.ID, n)
			}
		})
	}
}

// docSections splits docs/rules.md into each rule's section, by ID.
func docSections(doc string) map[string]string {
	out := map[string]string{}
	heading := regexp.MustCompile("(?m)^## `([^`]+)`$")
	idx := heading.FindAllStringSubmatchIndex(doc, -1)
	for i, m := range idx {
		end := len(doc)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		out[doc[m[2]:m[3]]] = doc[m[0]:end]
	}
	return out
}

// exampleBlock is the fenced block after a title in a section.
func exampleBlock(t *testing.T, sec, title string) string {
	t.Helper()
	_, after, ok := strings.Cut(sec, "\n"+title+"\n\n")
	if !ok {
		t.Fatalf("no %q in:\n%s", title, sec)
	}
	fence := after[:strings.Index(after, "text\n")]
	body, _, ok := strings.Cut(after[len(fence)+len("text\n"):], "\n"+fence+"\n")
	if !ok || strings.Trim(fence, "`") != "" {
		t.Fatalf("%s is not followed by a fenced block", title)
	}
	return body
}

var (
	labelRE  = regexp.MustCompile(`^==> (.+) <==$`)
	gapRE    = regexp.MustCompile(`^\[… (\d+) lines?\]$`)
	binaryRE = regexp.MustCompile(`^\[binary, (\d+) bytes: ([0-9A-F ]+) …\]$`)
	audioRE  = regexp.MustCompile(`^\[(.+) audio, (\d+) bytes: .+\]$`)
)

// shownFiles checks each file of a block against the file on disk and
// returns the paths of those under sub (bad or good), relative to it.
func shownFiles(t *testing.T, root, id, sub, block string) []string {
	t.Helper()
	var files []string
	var label string
	var shown []string
	flush := func() {
		if label == "" {
			return
		}
		rel, ok := strings.CutPrefix(label, path.Join("testdata/rules", id)+"/")
		if !ok {
			t.Errorf("%s: example %s is not a file of its testdata", id, label)
		} else if f, ok := strings.CutPrefix(rel, sub+"/"); ok {
			files = append(files, f)
		}
		if err := sameFile(filepath.Join(root, filepath.FromSlash(label)), shown); err != nil {
			t.Errorf("%s: %s as shown is not the file: %v", id, label, err)
		}
	}
	for _, line := range strings.Split(block, "\n") {
		if m := labelRE.FindStringSubmatch(line); m != nil {
			flush()
			label, shown = m[1], nil
			continue
		}
		shown = append(shown, line)
	}
	flush()
	if len(files) == 0 {
		t.Errorf("%s: no file under %s/ is shown", id, sub)
	}
	return files
}

// sameFile reports whether shown is the file at p: each line as
// rules.PrintableLine shows it (an empty one may say so), gaps exactly as
// long as they say, the file shown to its end.
func sameFile(p string, shown []string) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if len(shown) == 1 && shown[0] == rules.ExampleEmpty {
		if len(b) != 0 {
			return fmt.Errorf("shown empty, has %d bytes", len(b))
		}
		return nil
	}
	if len(shown) == 1 && binaryRE.MatchString(shown[0]) {
		m := binaryRE.FindStringSubmatch(shown[0])
		if n, _ := strconv.Atoi(m[1]); n != len(b) || !strings.HasPrefix(fmt.Sprintf("% X", b), m[2]) {
			return fmt.Errorf("shown as %s", shown[0])
		}
		return nil
	}
	if len(shown) == 1 && audioRE.MatchString(shown[0]) {
		// What a recording's headers say; the rules package's tests
		// prove the words, this that the file is that recording.
		m := audioRE.FindStringSubmatch(shown[0])
		if n, _ := strconv.Atoi(m[2]); n != len(b) || audio.Name(audio.Sniff(b, audio.FromExt(path.Ext(p)))) != m[1] {
			return fmt.Errorf("shown as %s", shown[0])
		}
		return nil
	}
	noEOL := len(shown) > 0 && shown[len(shown)-1] == rules.ExampleNoEOL
	if noEOL {
		shown = shown[:len(shown)-1]
	}
	if noEOL != (len(b) > 0 && b[len(b)-1] != '\n') {
		return fmt.Errorf("the file's last newline is not shown as it is")
	}
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	i := 0
	for _, s := range shown {
		if m := gapRE.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			i += n
			continue
		}
		if s == rules.ExampleBlank {
			s = ""
		}
		if i >= len(lines) || rules.PrintableLine(lines[i]) != s {
			return fmt.Errorf("line %d is shown as %q", i+1, s)
		}
		i++
	}
	if i != len(lines) {
		return fmt.Errorf("shows %d of its %d lines, and does not say the rest is left out", i, len(lines))
	}
	return nil
}

// exampleFindings copies the files shown (and what the rule's args.txt
// needs) into a directory of their own, runs `preflight check` on it with
// the flags args.txt names, and counts the rule's findings: in the files
// shown, or anywhere (all).
func exampleFindings(t *testing.T, root, id, sub string, files []string, inShown bool) int {
	t.Helper()
	src := filepath.Join(root, "testdata", "rules", filepath.FromSlash(id))
	dir := filepath.Join(t.TempDir(), sub)
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(src, sub, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, f, string(b))
	}
	args := append([]string{"check", "--format", "json", "--max-per-rule", "0"}, exampleArgs(t, src, dir)...)
	code, out, stderr := preflight(t, append(args, dir)...)
	var res struct {
		Findings []struct{ Rule, File string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("check %s: exit %d, %v\n%s%s", dir, code, err, out, stderr)
	}
	shown := map[string]bool{}
	for _, f := range files {
		shown[filepath.ToSlash(filepath.Join(dir, f))] = true
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == id && (!inShown || shown[f.File]) {
			n++
		}
	}
	return n
}

// exampleArgs turns a rule's args.txt into flags: feed, dt and mode as
// they are, and a custom schema into a config beside the examples.
func exampleArgs(t *testing.T, src, dir string) []string {
	t.Helper()
	cfg := os.DevNull
	var flags []string
	b, err := os.ReadFile(filepath.Join(src, "args.txt"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var schema, feed, settings string
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if f, set, isAudio := audioArg(k, v); isAudio {
			flags, settings = append(flags, f...), settings+set
			continue
		}
		switch {
		case !ok || strings.HasPrefix(k, "#"):
		case k == "schema":
			schema = v
		case k == "feed" || k == "dt" || k == "mode":
			flags = append(flags, "--"+k, v)
			if k == "feed" {
				feed = v
			}
		default:
			t.Fatalf("args.txt: %q has no flag", line)
		}
	}
	parent := filepath.Dir(dir)
	var text string
	if schema != "" {
		doc, err := os.ReadFile(filepath.Join(src, schema))
		if err != nil {
			t.Fatal(err)
		}
		write(t, parent, schema, string(doc))
		text = fmt.Sprintf("custom-feeds:\n  %s: %s\n", feed, schema)
	}
	if settings != "" {
		text += "rule-settings:\n" + settings
	}
	if text != "" {
		cfg = write(t, parent, "preflight.yaml", text)
	}
	return append(flags, "--config", cfg)
}

// audioArg turns an audio key of args.txt into flags, or into lines of
// config's rule-settings.
func audioArg(k, v string) (flags []string, settings string, ok bool) {
	switch k {
	case "audio-samples":
		return []string{"--audio-samples"}, "", true
	case "audio-name":
		return []string{"--audio-name", v}, "", true
	case "audio-min-seconds":
		return nil, "  audio/too-short:\n    min-seconds: " + v + "\n", true
	case "audio-max-seconds":
		return nil, "  audio/too-long:\n    max-seconds: " + v + "\n", true
	}
	return nil, "", false
}
