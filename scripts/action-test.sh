#!/usr/bin/env bash
# Runs the composite action in action.yml locally, the way the GitHub runner
# would: a small Go runner (gopkg.in/yaml.v3, already a dependency) reads
# action.yml, substitutes ${{ inputs.* }}, ${{ github.action_path }},
# ${{ runner.temp }} and ${{ steps.*.outputs.* }}, runs each step's shell with
# a fresh GITHUB_OUTPUT file and GITHUB_ACTION_PATH=this checkout, honours
# GITHUB_PATH, stops at the first failing step, and prints the action's
# outputs. Then: the bundled sample must pass (exit 0, outputs set, SARIF and
# JUnit written) and a bad directory must fail (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# --- the local runner ------------------------------------------------------
mkdir -p "$tmp/runner"
cat >"$tmp/runner/go.mod" <<'GOMOD'
module actionrunner

go 1.26

require gopkg.in/yaml.v3 v3.0.1
GOMOD
grep '^gopkg.in/' go.sum >"$tmp/runner/go.sum"
cat >"$tmp/runner/main.go" <<'GO'
// Command actionrunner runs a composite GitHub Action's steps locally.
//
//	actionrunner -action action.yml -work DIR [-outputs FILE] [name=value...]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

type action struct {
	Inputs map[string]struct {
		Default  string `yaml:"default"`
		Required bool   `yaml:"required"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

type step struct {
	ID    string    `yaml:"id"`
	Shell string    `yaml:"shell"`
	Run   string    `yaml:"run"`
	Uses  string    `yaml:"uses"`
	If    string    `yaml:"if"`
	Env   yaml.Node `yaml:"env"`
}

var expr = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

func main() {
	actionFile := flag.String("action", "action.yml", "action file")
	work := flag.String("work", "", "scratch directory (RUNNER_TEMP, output files)")
	outputsFile := flag.String("outputs", "", "write the action's outputs here as name=value lines")
	flag.Parse()
	code, err := run(*actionFile, *work, *outputsFile, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "actionrunner:", err)
		os.Exit(100)
	}
	os.Exit(code)
}

func run(actionFile, work, outputsFile string, args []string) (int, error) {
	data, err := os.ReadFile(actionFile)
	if err != nil {
		return 0, err
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		return 0, fmt.Errorf("%s: %w", actionFile, err)
	}
	if a.Runs.Using != "composite" {
		return 0, fmt.Errorf("runs.using is %q, want composite", a.Runs.Using)
	}
	actionPath, err := filepath.Abs(filepath.Dir(actionFile))
	if err != nil {
		return 0, err
	}
	inputs := map[string]string{}
	for name, in := range a.Inputs {
		inputs[name] = in.Default
	}
	for _, kv := range args {
		name, value, ok := strings.Cut(kv, "=")
		if _, known := a.Inputs[name]; !ok || !known {
			return 0, fmt.Errorf("input %q: want NAME=VALUE with a declared input", kv)
		}
		inputs[name] = value
	}
	for name, in := range a.Inputs {
		if in.Required && inputs[name] == "" {
			return 0, fmt.Errorf("input %s is required", name)
		}
	}
	stepOut := map[string]map[string]string{}
	eval := func(s string) (string, error) {
		var bad error
		out := expr.ReplaceAllStringFunc(s, func(m string) string {
			e := expr.FindStringSubmatch(m)[1]
			parts := strings.Split(e, ".")
			switch {
			case len(parts) == 2 && parts[0] == "inputs":
				if _, ok := a.Inputs[parts[1]]; !ok {
					bad = fmt.Errorf("unknown input in %s", m)
				}
				return inputs[parts[1]]
			case e == "github.action_path":
				return actionPath
			case e == "runner.temp":
				return work
			case len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs":
				return stepOut[parts[1]][parts[3]]
			}
			bad = fmt.Errorf("expression %s not supported by this runner", m)
			return ""
		})
		return out, bad
	}
	pathFile := filepath.Join(work, "github_path")
	if err := os.WriteFile(pathFile, nil, 0o644); err != nil {
		return 0, err
	}
	code := 0
	for i, st := range a.Runs.Steps {
		if st.Uses != "" {
			return 0, fmt.Errorf("step %d uses %s: only run steps are supported", i, st.Uses)
		}
		if st.If != "" {
			return 0, fmt.Errorf("step %d: if: not supported", i)
		}
		if st.Shell != "bash" {
			return 0, fmt.Errorf("step %d: shell %q, want bash (composite steps must name it)", i, st.Shell)
		}
		script, err := eval(st.Run)
		if err != nil {
			return 0, fmt.Errorf("step %d: %w", i, err)
		}
		env := os.Environ()
		extraPath, err := readLines(pathFile)
		if err != nil {
			return 0, err
		}
		outFile := filepath.Join(work, fmt.Sprintf("output-%d", i))
		if err := os.WriteFile(outFile, nil, 0o644); err != nil {
			return 0, err
		}
		env = append(env,
			"GITHUB_OUTPUT="+outFile, "GITHUB_PATH="+pathFile, "GITHUB_ACTION_PATH="+actionPath,
			"RUNNER_TEMP="+work, "GITHUB_ACTIONS=true", "CI=true")
		if len(extraPath) > 0 {
			// GITHUB_PATH entries come first, newest first, as on a runner.
			for i, j := 0, len(extraPath)-1; i < j; i, j = i+1, j-1 {
				extraPath[i], extraPath[j] = extraPath[j], extraPath[i]
			}
			env = append(env, "PATH="+strings.Join(extraPath, ":")+":"+os.Getenv("PATH"))
		}
		if st.Env.Kind == yaml.MappingNode {
			for k := 0; k+1 < len(st.Env.Content); k += 2 {
				v, err := eval(st.Env.Content[k+1].Value)
				if err != nil {
					return 0, fmt.Errorf("step %d env %s: %w", i, st.Env.Content[k].Value, err)
				}
				env = append(env, st.Env.Content[k].Value+"="+v)
			}
		}
		scriptFile := filepath.Join(work, fmt.Sprintf("step-%d.sh", i))
		if err := os.WriteFile(scriptFile, []byte(script), 0o644); err != nil {
			return 0, err
		}
		// The runner's bash invocation for shell: bash.
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", scriptFile)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, os.Stdout, os.Stderr
		fmt.Fprintf(os.Stderr, "actionrunner: step %d (%s)\n", i, st.ID)
		err = cmd.Run()
		// Outputs are kept even when the step fails, as on a runner.
		outs, perr := parseOutputs(outFile)
		if perr != nil {
			return 0, fmt.Errorf("step %d: %w", i, perr)
		}
		if st.ID != "" {
			stepOut[st.ID] = outs
		}
		if err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				return 0, err
			}
			code = ee.ExitCode()
			break
		}
	}
	names := make([]string, 0, len(a.Outputs))
	for name := range a.Outputs {
		names = append(names, name)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, name := range names {
		v, err := eval(a.Outputs[name].Value)
		if err != nil {
			return 0, fmt.Errorf("output %s: %w", name, err)
		}
		fmt.Fprintf(&sb, "%s=%s\n", name, v)
	}
	if outputsFile != "" {
		if err := os.WriteFile(outputsFile, []byte(sb.String()), 0o644); err != nil {
			return 0, err
		}
	}
	return code, nil
}

func readLines(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// parseOutputs reads a GITHUB_OUTPUT file: name=value lines and
// name<<DELIMITER multi-line values.
func parseOutputs(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var val []string
			for sc.Scan() && sc.Text() != delim {
				val = append(val, sc.Text())
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		name, val, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("GITHUB_OUTPUT line %q: want name=value", line)
		}
		out[name] = val
	}
	return out, sc.Err()
}
GO
(cd "$tmp/runner" && GOFLAGS=-mod=mod go build -o "$tmp/actionrunner" .) || fail "could not build the local action runner"

# runaction NAME INPUT=VALUE...: runs the action in a fresh workspace,
# leaves the exit status in $code and the outputs in $tmp/NAME/outputs.
runaction() {
	local name=$1
	shift
	mkdir -p "$tmp/$name/work"
	set +e
	(cd "$tmp/$name" && "$tmp/actionrunner" -action "$root/action.yml" -work "$tmp/$name/work" \
		-outputs "$tmp/$name/outputs" "$@") >"$tmp/$name/log" 2>&1
	code=$?
	set -e
	sed -n '1,40s/^/    /p' "$tmp/$name/log"
	[ "$code" != 100 ] || fail "$name: the local runner could not run action.yml"
}
output() { sed -n "s/^$2=//p" "$tmp/$1/outputs"; }

# --- clean sample: exit 0, outputs, both reports -----------------------------
# No version input: the default builds the action's own checkout, as
# `uses: ./` (or a vendored path) does with nothing published.
runaction sample "paths=$root/testdata/sample" sarif-file=out/report.sarif
[ "$code" = 0 ] || fail "sample: action exited $code, want 0"
echo "PASS: sample: action exits 0"
[ "$(output sample exit-code)" = 0 ] || fail "sample: exit-code output is '$(output sample exit-code)', want 0"
[ "$(output sample sarif-file)" = out/report.sarif ] || fail "sample: sarif-file output is '$(output sample sarif-file)'"
[ "$(output sample junit-file)" = preflight-junit.xml ] || fail "sample: junit-file output is '$(output sample junit-file)'"
echo "PASS: sample: outputs exit-code=0 sarif-file=out/report.sarif junit-file=preflight-junit.xml"
[ -s "$tmp/sample/out/report.sarif" ] || fail "sample: SARIF file not written"
grep -q '"version": *"2.1.0"' "$tmp/sample/out/report.sarif" || fail "sample: SARIF file is not SARIF 2.1.0"
[ -s "$tmp/sample/preflight-junit.xml" ] || fail "sample: JUnit file not written"
grep -q '<testsuites' "$tmp/sample/preflight-junit.xml" || fail "sample: JUnit file has no <testsuites>"
echo "PASS: sample: SARIF and JUnit reports written"
grep -q '^preflight .*go1\.' "$tmp/sample/log" || fail "sample: install step did not print preflight's version"
echo "PASS: sample: install step built preflight from the action's checkout"

# --- bad files: exit 1, annotations, reports still written -------------------
bad="$root/testdata/rules/null/empty-value/bad"
runaction bad version=local "paths=$bad
$root/testdata/rules/call_center/call-window/bad" feed=call_center fail-on=error args="--max-per-rule 10"
[ "$code" = 1 ] || fail "bad: action exited $code, want 1"
echo "PASS: bad: action exits 1"
[ "$(output bad exit-code)" = 1 ] || fail "bad: exit-code output is '$(output bad exit-code)', want 1"
echo "PASS: bad: exit-code output is 1"
grep -q '^::error file=.*calls\.csv,line=3.*null/empty-value' "$tmp/bad/log" || fail "bad: no ::error annotation for null/empty-value at line 3"
grep -q '^::error file=.*call-window/bad/.*title=call_center/call-window' "$tmp/bad/log" || fail "bad: the second path (newline-separated) was not checked"
echo "PASS: bad: GitHub annotations in the log for both paths"
[ -s "$tmp/bad/preflight.sarif" ] && [ -s "$tmp/bad/preflight-junit.xml" ] || fail "bad: reports not written"
grep -q 'null/empty-value' "$tmp/bad/preflight.sarif" || fail "bad: SARIF lacks the finding"
grep -q '<failure' "$tmp/bad/preflight-junit.xml" || fail "bad: JUnit lacks a failure"
echo "PASS: bad: SARIF and JUnit reports hold the findings"

# --- fail-on never: findings but exit 0 ---------------------------------------
runaction never version=local "paths=$bad" fail-on=never
[ "$code" = 0 ] || fail "fail-on never: action exited $code, want 0"
echo "PASS: fail-on=never: exit 0 despite findings"
! grep -q '<failure' "$tmp/never/preflight-junit.xml" || fail "fail-on never: JUnit shows a failing case for a run that passed"
grep -q 'null/empty-value: ' "$tmp/never/preflight-junit.xml" || fail "fail-on never: JUnit system-out lacks the findings"
echo "PASS: fail-on=never: JUnit passes every case and lists the findings in system-out"
echo "action-test: all passed"
