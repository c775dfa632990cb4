package main

import (
	"strings"
	"testing"

	"github.com/preflight-data/preflight/reports"
)

// TestUsageErrors: a mistake on the command line is one line on stderr
// naming it and where the help is, exit 2, and nothing on stdout: never the
// whole help text, and never exit 3, which publish keeps for transfers it
// could not complete.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"checkk", "x"}, `preflight: unknown command "checkk" (did you mean check?); see 'preflight --help'`},
		{[]string{"frobnicate"}, `preflight: unknown command "frobnicate"; see 'preflight --help'`},
		{[]string{"help", "checkk"}, `preflight: unknown command "checkk" (did you mean check?); see 'preflight --help'`},
		{[]string{"--bogus"}, `preflight: unknown flag --bogus; see 'preflight --help'`},
		{[]string{"check", "--bogus", "x"}, `preflight: unknown flag --bogus; see 'preflight check --help'`},
		{[]string{"check", "x", "--bogus"}, `preflight: unknown flag --bogus; see 'preflight check --help'`},
		{[]string{"check", "-z", "x"}, `preflight: unknown flag -z; see 'preflight check --help'`},
		{[]string{"check", "--format"}, `preflight: --format needs a value; see 'preflight check --help'`},
		{[]string{"check", "--max-per-rule", "abc", "x"}, `preflight: --max-per-rule: invalid value "abc" (parse error); see 'preflight check --help'`},
		{[]string{"publish", "--bogus", "x"}, `preflight: unknown flag --bogus; see 'preflight publish --help'`},
		{[]string{"rules", "--bogus"}, `preflight: unknown flag --bogus; see 'preflight rules --help'`},
		{[]string{"completion", "--bogus"}, `preflight: unknown flag --bogus; see 'preflight completion --help'`},
		{[]string{"completion", "tcsh"}, `preflight: completion needs one shell: bash, zsh or fish; see 'preflight completion --help'`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := preflight(t, tc.args...)
			if code != 2 || strings.TrimSuffix(stderr, "\n") != tc.want || stdout != "" {
				t.Errorf("exit %d\nstderr %q\nstdout %q\nwant exit 2, stderr %q, no stdout", code, stderr, stdout, tc.want)
			}
		})
	}
}

// TestVersion: --version and the version command say the same.
func TestVersion(t *testing.T) {
	code1, flag, stderr1 := preflight(t, "--version")
	code2, cmd, stderr2 := preflight(t, "version")
	if code1 != 0 || code2 != 0 || stderr1 != "" || stderr2 != "" {
		t.Fatalf("--version: exit %d %q; version: exit %d %q", code1, stderr1, code2, stderr2)
	}
	if flag != cmd || !strings.HasPrefix(flag, "preflight ") || strings.Count(flag, "\n") != 1 {
		t.Errorf("--version says %q, version says %q: want one and the same line", flag, cmd)
	}
}

// TestNoArgumentsShowsHelp: preflight alone is a question, not a mistake.
func TestNoArgumentsShowsHelp(t *testing.T) {
	code, stdout, _ := preflight(t)
	if code != 0 || !strings.Contains(stdout, "preflight check FILE_OR_DIR...") || strings.Contains(stdout, "__complete") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// TestEveryFormatNamed: the places that list the report formats in words
// name every one the reports package has.
func TestEveryFormatNamed(t *testing.T) {
	code, help, _ := preflight(t, "check", "--help")
	if code != 0 {
		t.Fatalf("check --help: exit %d", code)
	}
	for _, format := range reports.Formats() {
		if !strings.Contains(starterConfig, " "+format) {
			t.Errorf("preflight init's config does not name the %s format", format)
		}
		if !strings.Contains(help, " "+format) {
			t.Errorf("check --help does not name the %s format", format)
		}
	}
}
