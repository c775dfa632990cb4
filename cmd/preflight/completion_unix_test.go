//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// shellDir is a directory holding `preflight` (this test binary as main)
// and a few files to complete, for the shells to run in.
func shellDir(t *testing.T) (dir, env string) {
	t.Helper()
	bin := t.TempDir()
	wrapper := "#!/bin/sh\nPREFLIGHT_TEST_MAIN=1 exec '" + os.Args[0] + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "preflight"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	write(t, dir, "calls.csv", "x\n")
	write(t, dir, "chats.jsonl", "{}\n")
	return dir, "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")
}

func shell(t *testing.T, dir, env, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed (scripts/deps.sh installs it)", name)
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env, "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

// completionCases: the words on the command line, the word at the cursor
// last, and what the shell must offer for it.
var completionCases = []struct {
	words []string
	want  []string
}{
	{[]string{"ch"}, []string{"check"}},
	{[]string{"check", "--f"}, []string{"--fail-on", "--feed", "--format"}},
	{[]string{"check", "--format", "j"}, []string{"json", "junit"}},
	{[]string{"check", "--format", ""}, []string{"github", "html", "json", "junit", "sarif", "table"}},
	{[]string{"check", "--fail-on", "w"}, []string{"warning"}},
	{[]string{"check", "--feed", "tr"}, []string{"transcript", "transcripts"}},
	{[]string{"publish", "--mode", ""}, []string{"incremental", "snapshot"}},
	{[]string{"check", "--report", "sa"}, []string{"sarif="}},
	{[]string{"check", "c"}, []string{"calls.csv", "chats.jsonl"}},
	{[]string{"rules", "null/e"}, []string{"null/empty-value"}},
	{[]string{"schema", "s"}, []string{"sales_attribution"}},
	{[]string{"check", "h"}, nil}, // no file, and never the help command
	{[]string{"completion", "z"}, []string{"zsh"}},
	{[]string{"status", "--format", ""}, []string{"html", "json", "table"}},
}

// TestBashCompletion runs the bash script for real: the completion
// function with COMP_WORDS set as bash sets them, asking `preflight`.
func TestBashCompletion(t *testing.T) {
	dir, env := shellDir(t)
	for _, tc := range completionCases {
		t.Run(strings.Join(tc.words, " "), func(t *testing.T) {
			words := append([]string{"preflight"}, tc.words...)
			script := `source <(preflight completion bash)
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_preflight_complete
printf '%s\n' "${COMPREPLY[@]}"`
			got := lines(shell(t, dir, env, "bash", append([]string{"--norc", "--noprofile", "-c", script, "bash"}, words...)...))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("bash offers %q, want %q", got, tc.want)
			}
		})
	}
	// bash splits --format=j at '=': the value is completed alone.
	script := `source <(preflight completion bash)
COMP_WORDS=(preflight check --format = j); COMP_CWORD=4
_preflight_complete; printf '%s\n' "${COMPREPLY[@]}"`
	if got := lines(shell(t, dir, env, "bash", "--norc", "-c", script)); !reflect.DeepEqual(got, []string{"json", "junit"}) {
		t.Errorf("bash offers %q after --format=, want json and junit", got)
	}
}

// TestFishCompletion asks fish itself what it completes (complete -C).
func TestFishCompletion(t *testing.T) {
	dir, env := shellDir(t)
	for _, tc := range append(completionCases, struct {
		words []string
		want  []string
	}{[]string{"check", "--format=j"}, []string{"--format=json", "--format=junit"}}) {
		t.Run(strings.Join(tc.words, " "), func(t *testing.T) {
			line := "preflight " + strings.Join(tc.words, " ")
			got := lines(shell(t, dir, env, "fish", "--no-config", "-c", "preflight completion fish | source; complete -C $argv[1]", line))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("fish offers %q, want %q", got, tc.want)
			}
		})
	}
}

// TestZshCompletion runs the zsh function in real zsh. compadd and _files
// work only inside a completion widget, so they are stood in for by
// functions that print what they were given; the rest (the words array,
// the call to preflight, splitting its answer) is the real script.
func TestZshCompletion(t *testing.T) {
	dir, env := shellDir(t)
	for _, tc := range append(completionCases, struct {
		words []string
		want  []string
	}{[]string{"check", "--format=j"}, []string{"--format=json", "--format=junit"}}) {
		t.Run(strings.Join(tc.words, " "), func(t *testing.T) {
			script := `compdef() { : }
compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@"; }
_files() { print -rl -- ${PREFIX}*(N) }
source <(preflight completion zsh)
words=(preflight "$@"); CURRENT=${#words}; PREFIX=${words[CURRENT]}
_preflight`
			got := lines(shell(t, dir, env, "zsh", append([]string{"-f", "-c", script, "zsh"}, tc.words...)...))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("zsh offers %q, want %q", got, tc.want)
			}
		})
	}
}

// lines are a shell's candidates, sorted as the shell shows them.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}
