package reports

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// oraclesDir finds ASAPP's shared report oracles. CI checks the repository
// out next to shared/, so they sit at ../shared/oracles from the module root.
func oraclesDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "oracles")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// requireOracles returns the oracle directory, or stops the test when the
// tools are missing: a failure in CI, where a silent skip would let a broken
// report through, and a skip with instructions elsewhere.
func requireOracles(t *testing.T) string {
	t.Helper()
	dir := oraclesDir(t)
	var missing []string
	for _, tool := range []string{"check-sarif", "check-junit"} {
		if _, err := os.Stat(filepath.Join(dir, tool)); err != nil {
			missing = append(missing, filepath.Join(dir, tool))
		}
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		missing = append(missing, "xmllint")
	}
	if !pythonHasJSONSchema() {
		missing = append(missing, "python3 jsonschema")
	}
	if len(missing) > 0 {
		msg := "report oracles unavailable (" + strings.Join(missing, ", ") + "); run " +
			filepath.Join(dir, "install.sh") + " once"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// pythonHasJSONSchema mirrors check-sarif, which falls back to the system
// python when the default one lacks the module.
func pythonHasJSONSchema() bool {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import jsonschema").Run() == nil {
			return true
		}
	}
	return false
}

func TestOracles(t *testing.T) {
	dir := requireOracles(t)
	clean := fixture()
	clean.Files = clean.Files[2:3]
	clean.Findings, clean.Omitted, clean.Skipped = nil, nil, nil
	unlisted := fixture()
	// A finding naming a file that was not checked, and one naming none,
	// must still give valid reports.
	unlisted.Findings = append(unlisted.Findings,
		rules.Finding{Rule: "transcript/duplicate-conversation", Severity: rules.Error, File: "other/elsewhere.csv",
			Conversation: "c-1", Message: "same messages as conversation c-2"},
		rules.Finding{Rule: "transcript/sampling-window", Severity: rules.Warning,
			Message: "one month holds 40% of the conversations"},
		// publish's target rules name S3 objects and prefixes.
		rules.Finding{Rule: "target/stray-object", Severity: rules.Error,
			File:    "s3://asapp-imports/acme/call_center_issues/version=1/format=csv/dt=2024-05-01/old.csv",
			Message: "the prefix holds an object this publish does not write"})
	cases := map[string]*rules.Result{"fixture": fixture(), "clean": clean, "empty": {}, "unlisted": unlisted}
	live := goldenOptions()
	live.ZeroTime = false // exercise the real timestamp and time formats too

	for name, res := range cases {
		for _, tc := range []struct{ format, oracle, ext string }{
			{"sarif", "check-sarif", ".sarif"},
			{"junit", "check-junit", ".xml"},
		} {
			t.Run(name+"/"+tc.format, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "report"+tc.ext)
				if err := os.WriteFile(path, render(t, tc.format, res, live), 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := exec.Command(filepath.Join(dir, tc.oracle), path).CombinedOutput()
				t.Logf("%s: %s", tc.oracle, bytes.TrimSpace(out))
				var exit *exec.ExitError
				if errors.As(err, &exit) {
					t.Fatalf("%s rejected the report (exit %d)", tc.oracle, exit.ExitCode())
				} else if err != nil {
					t.Fatalf("%s: %v", tc.oracle, err)
				}
			})
		}
	}
}

// TestGoldenOracles validates the committed golden files themselves, so a
// hand edit or a stale -update cannot leave an invalid example in the repo.
func TestGoldenOracles(t *testing.T) {
	dir := requireOracles(t)
	for _, tc := range []struct{ oracle, file string }{
		{"check-sarif", "report.sarif"},
		{"check-junit", "report.xml"},
	} {
		path := filepath.Join("..", "testdata", "golden", tc.file)
		out, err := exec.Command(filepath.Join(dir, tc.oracle), path).CombinedOutput()
		t.Logf("%s %s: %s", tc.oracle, tc.file, bytes.TrimSpace(out))
		if err != nil {
			t.Errorf("%s rejected %s: %v", tc.oracle, path, err)
		}
	}
}
