#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml for real with the pre-commit tool: a throwaway
# git repository uses this checkout as its hook repository, then a commit of
# a bad CSV must fail with the finding (rule id and line) in the output, and
# a commit of a good CSV must pass.
#
# pre-commit only installs hooks from a committed rev, so the hook repo is a
# snapshot of this working tree committed in a temporary repository: on a
# fresh clone that is HEAD; on a working copy it includes uncommitted edits.
# This checkout's own .git is never touched. PRE_COMMIT_HOME is a temporary
# directory, so no cache from an earlier run is used.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

command -v pre-commit >/dev/null || { echo "precommit-test: pre-commit not found (scripts/deps.sh installs it)" >&2; exit 1; }
command -v git >/dev/null || { echo "precommit-test: git not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# Isolate git and pre-commit from the user's configuration and caches.
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$tmp/gitconfig"
git config --file "$GIT_CONFIG_GLOBAL" user.name "preflight test"
git config --file "$GIT_CONFIG_GLOBAL" user.email "test@example.invalid"
git config --file "$GIT_CONFIG_GLOBAL" init.defaultBranch main
git config --file "$GIT_CONFIG_GLOBAL" commit.gpgsign false
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
export PRE_COMMIT_COLOR=never
# Reuse the machine's module cache: the hook build then needs no network
# when the modules are already there, and the proxy otherwise.
export GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. The hook repository: a committed snapshot of this tree.
hooks="$tmp/hook-repo"
mkdir -p "$hooks"
tar -C "$root" --exclude=./.git --exclude=./.tools --exclude=./.bench --exclude=./dist --exclude=./bench/peers/duckdb/node_modules \
	--exclude='*.test' --exclude='*.prof' --exclude=./preflight -cf - . | tar -C "$hooks" -xf -
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -q -m "snapshot for the pre-commit test"
rev=$(git -C "$hooks" rev-parse HEAD)
[ -f "$hooks/.pre-commit-hooks.yaml" ] || fail ".pre-commit-hooks.yaml missing at the repository root"

# 2. A project that uses the hook.
proj="$tmp/project"
mkdir -p "$proj/data"
git -C "$proj" init -q
cat >"$proj/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: preflight
YAML
git -C "$proj" add .pre-commit-config.yaml
git -C "$proj" commit -q --no-verify -m "pre-commit config"
(cd "$proj" && pre-commit install >/dev/null)
echo "== installing the hook (pre-commit builds preflight with go install)"
(cd "$proj" && pre-commit install-hooks) || fail "pre-commit could not install the preflight hook"
echo "PASS: pre-commit built and installed the preflight hook (rev ${rev:0:12})"

# 3. A bad CSV: the commit must fail and say which rule and which line.
cp testdata/rules/null/empty-value/bad/calls.csv "$proj/data/calls.csv"
git -C "$proj" add data/calls.csv
set +e
out=$(cd "$proj" && git commit -m "bad calls" 2>&1)
code=$?
set -e
echo "$out" | sed 's/^/    /'
[ "$code" -ne 0 ] || fail "commit of a bad CSV succeeded"
echo "$out" | grep -q 'null/empty-value' || fail "hook output lacks the rule id null/empty-value"
echo "$out" | grep -Eq 'data/calls\.csv:3:[0-9]+' || fail "hook output lacks the finding's file:line (data/calls.csv:3)"
echo "$out" | grep -q 'Failed' || fail "pre-commit did not report the hook as Failed"
if git -C "$proj" rev-parse -q --verify HEAD~1 >/dev/null; then
	fail "a commit was created despite the failing hook"
fi
echo "PASS: commit of a bad CSV fails with null/empty-value at data/calls.csv:3"

# 4. A good CSV in its place: the commit must pass.
git -C "$proj" rm -q --cached data/calls.csv
rm "$proj/data/calls.csv"
cp testdata/sample/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv "$proj/data/good.csv"
git -C "$proj" add data/good.csv
set +e
out=$(cd "$proj" && git commit -m "good calls" 2>&1)
code=$?
set -e
echo "$out" | sed 's/^/    /'
[ "$code" -eq 0 ] || fail "commit of a good CSV failed (exit $code)"
echo "$out" | grep -Eq 'preflight.*Passed' || fail "pre-commit did not report the preflight hook as Passed"
echo "PASS: commit of a good CSV passes"

# 5. Files the hook does not match are left alone.
echo "not data" >"$proj/notes.txt"
git -C "$proj" add notes.txt
out=$(cd "$proj" && git commit -m "notes" 2>&1) || fail "commit of a non-data file failed: $out"
echo "$out" | grep -Eq 'preflight.*(Skipped|no files to check)' || fail "hook ran on a non-data file"
echo "PASS: non-data files are skipped"

# 6. From a checkout, as README shows it: `repo: local`, preflight on PATH
# from `go install ./cmd/preflight`. The config is README's own block.
GOBIN="$tmp/bin" go install ./cmd/preflight
export PATH="$tmp/bin:$PATH"
local_proj="$tmp/local-project"
mkdir -p "$local_proj/data"
git -C "$local_proj" init -q
awk '/^```yaml$/ { block = ""; inblock = 1; next }
	inblock && /^```$/ { if (block ~ /repo: local/) { printf "%s", block; exit } inblock = 0; next }
	inblock { block = block $0 "\n" }' README.md >"$local_proj/.pre-commit-config.yaml"
grep -q 'repo: local' "$local_proj/.pre-commit-config.yaml" || fail "README has no repo: local pre-commit block"
git -C "$local_proj" add .pre-commit-config.yaml
git -C "$local_proj" commit -q --no-verify -m "pre-commit config from README"
(cd "$local_proj" && pre-commit install >/dev/null)
cp testdata/rules/null/empty-value/bad/calls.csv "$local_proj/data/calls.csv"
git -C "$local_proj" add data/calls.csv
set +e
out=$(cd "$local_proj" && git commit -m "bad calls" 2>&1)
code=$?
set -e
echo "$out" | sed 's/^/    /'
[ "$code" -ne 0 ] || fail "repo: local: commit of a bad CSV succeeded"
echo "$out" | grep -q 'null/empty-value' || fail "repo: local: hook output lacks null/empty-value"
git -C "$local_proj" rm -q --cached data/calls.csv
rm "$local_proj/data/calls.csv"
cp testdata/sample/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv "$local_proj/data/good.csv"
git -C "$local_proj" add data/good.csv
out=$(cd "$local_proj" && git commit -m "good calls" 2>&1) || fail "repo: local: commit of a good CSV failed: $out"
echo "PASS: README's repo: local hook refuses a bad CSV and passes a good one"
echo "precommit-test: all passed"
