package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ruleDirs lists testdata/rules/<ID> directories (those holding want.txt).
func ruleDirs(t *testing.T) map[string]string {
	t.Helper()
	base := filepath.Join(repoRoot(t), "testdata", "rules")
	out := map[string]string{}
	err := filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "want.txt" {
			dir := filepath.Dir(p)
			id, _ := filepath.Rel(base, dir)
			out[filepath.ToSlash(id)] = dir
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// argsFor turns a rule's args.txt into CLI flags (a custom schema becomes a config file).
func argsFor(t *testing.T, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "args.txt"))
	if err != nil {
		return nil
	}
	var args []string
	var schema, feed, settings string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		if f, set, isAudio := audioArg(k, v); isAudio {
			args, settings = append(args, f...), settings+set
			continue
		}
		switch k {
		case "feed":
			feed = v
			args = append(args, "--feed", v)
		case "dt", "mode":
			args = append(args, "--"+k, v)
		case "schema":
			schema = filepath.Join(dir, v)
		}
	}
	var text string
	if schema != "" {
		text = fmt.Sprintf("custom-feeds:\n  %s: %s\n", feed, schema)
	}
	if settings != "" {
		text += "rule-settings:\n" + settings
	}
	if text != "" {
		args = append(args, "--config", write(t, t.TempDir(), "cfg.yaml", text))
	}
	return args
}

func oracles(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PREFLIGHT_SHARED")
	if dir == "" {
		dir = filepath.Join(filepath.Dir(repoRoot(t)), "shared")
	}
	dir = filepath.Join(dir, "oracles")
	_, errX := exec.LookPath("xmllint")
	if _, err := os.Stat(filepath.Join(dir, "check-sarif")); err != nil || errX != nil {
		msg := "report oracles or xmllint missing (run ../shared/oracles/install.sh)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// TestReportsOnRuleTestdata checks the reports of every rule's failing
// testdata with the official SARIF schema and the JUnit XSD, and that the same
// data gives byte-identical reports twice.
func TestReportsOnRuleTestdata(t *testing.T) {
	orc := oracles(t)
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	for id, dir := range ruleDirs(t) {
		bad := filepath.Join(dir, "bad")
		if _, err := os.Stat(bad); err != nil {
			continue // generated at test time (file/record-too-large)
		}
		t.Run(id, func(t *testing.T) {
			// Relative paths, as a CI job would pass them.
			if err := os.Chdir(dir); err != nil {
				t.Fatal(err)
			}
			defer os.Chdir(wd)
			out := t.TempDir()
			var first [2][]byte
			for run := 0; run < 2; run++ {
				sarif := filepath.Join(out, fmt.Sprintf("r%d.sarif", run))
				junit := filepath.Join(out, fmt.Sprintf("r%d.xml", run))
				args := append([]string{"check", "--fail-on", "never", "--zero-time", "--format", "json",
					"--report", "sarif=" + sarif, "--report", "junit=" + junit}, argsFor(t, dir)...)
				code, _, stderr := preflight(t, append(args, "bad")...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				s, _ := os.ReadFile(sarif)
				j, _ := os.ReadFile(junit)
				if !bytes.Contains(s, []byte(`"ruleId": "`+id+`"`)) {
					t.Errorf("SARIF has no result for %s", id)
				}
				if run == 0 {
					first = [2][]byte{s, j}
					for _, c := range [][2]string{{"check-sarif", sarif}, {"check-junit", junit}} {
						if msg, err := exec.Command(filepath.Join(orc, c[0]), c[1]).CombinedOutput(); err != nil {
							t.Errorf("%s: %v\n%s", c[0], err, msg)
						}
					}
				} else if !bytes.Equal(first[0], s) || !bytes.Equal(first[1], j) {
					t.Errorf("the same data gave different reports (SARIF equal: %v, JUnit equal: %v)", bytes.Equal(first[0], s), bytes.Equal(first[1], j))
				}
			}
		})
	}
}
