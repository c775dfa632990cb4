#!/usr/bin/env bash
# Runs every shell command README.md shows, as written, the way a new user
# would: README's ```sh blocks in order, each command (a line, with its
# backslash continuations) in bash. Each must exit 0, except `preflight
# status`, which answers 1 here: the day the examples publish (2024-05-01)
# is a backfill, complete but late for ASAPP's daily import, as it reports.
#
#   - Commands that build from the checkout (go install ./..., make build,
#     go run ./...) run in a fresh copy of this tree (no .git, no .tools), so
#     the checkout is never written to; go install puts preflight in a
#     temporary GOBIN, which is first on PATH for the commands after it.
#   - The others run in an empty directory holding the files the examples
#     name, made from the bundled samples: exports/ and data/ (the sample
#     tree, laid out as on S3), chats.csv, chats.csv.gz, calls.csv,
#     recordings/ (two whole WAV files named after the sample's first two
#     calls, from the audio rules' fixtures), and the
#     credentials files creds.tsv and asapp-creds.tsv for a real S3 server
#     on loopback (scripts/s3-server.sh; the buckets are created here, and
#     the export bucket acme-exports gets the sample calls file).
#   - The developer commands (scripts/test, go test, scripts/fuzz.sh,
#     bench/..., tools/audiogen/encode.sh) are the test suite, benchmarks
#     and fixture encoders themselves: named, not run.
#
# Needs the S3 server's environment, as scripts/test sets it:
#   scripts/s3-server.sh start && eval "$(scripts/s3-server.sh env)" && scripts/readme-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

fail() { echo "FAIL: $*" >&2; exit 1; }
: "${PREFLIGHT_S3_ENDPOINT:?start the S3 server first: scripts/s3-server.sh start; eval \"\$(scripts/s3-server.sh env)\"}"

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# The commands, one a line (continuations joined), comment-only lines dropped.
awk '/^```sh$/ { on = 1; next }
	on && /^```$/ { on = 0; next }
	on {
		line = cmd $0
		if (line ~ /\\$/) { sub(/\\$/, " ", line); cmd = line; next }
		cmd = ""
		if (line !~ /^[ \t]*(#|$)/) print line
	}' README.md >"$tmp/commands"
[ -s "$tmp/commands" ] || fail "no shell commands found in README.md"

# A fresh copy of the checkout, for the commands that build from it.
checkout="$tmp/checkout"
mkdir -p "$checkout"
tar -C "$root" --exclude=./.git --exclude=./.tools --exclude=./.bench --exclude=./dist --exclude=./bench/peers/duckdb/node_modules \
	--exclude='*.test' --exclude=./preflight -cf - . | tar -C "$checkout" -xf -

# The files the examples name.
work="$tmp/work"
sample=testdata/sample
mkdir -p "$work"
cp -r "$sample" "$work/exports"
cp -r "$sample" "$work/data"
cp "$sample/historical_transcripts/version=1/format=snapshot_csv/dt=2024-05-01/transcripts.csv" "$work/chats.csv"
gzip -c "$work/chats.csv" >"$work/chats.csv.gz"
cp "$sample/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv" "$work/calls.csv"
mkdir -p "$work/recordings"
cp testdata/rules/audio/truncated/good/call.wav "$work/recordings/23525262.wav"
cp testdata/rules/audio/too-short/good/one-second.wav "$work/recordings/52009079.wav"

# Two new buckets on the local server, one per credentials file, so each
# publish example meets the empty prefix a first publish would.
s3() {
	curl -fsS --aws-sigv4 "aws:amz:us-east-1:s3" --user "$PREFLIGHT_S3_KEY:$PREFLIGHT_S3_SECRET" \
		-H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}
run_id=$(date +%s%N | tail -c 10)
for pair in "creds.tsv:asapp-prod-readme${run_id}a-imports-us-east-1" "asapp-creds.tsv:asapp-prod-readme${run_id}b-imports-us-east-1"; do
	file=${pair%%:*} bucket=${pair#*:}
	s3 -X PUT "$PREFLIGHT_S3_ENDPOINT/$bucket" >/dev/null || fail "cannot create bucket $bucket on $PREFLIGHT_S3_ENDPOINT"
	printf '%s\t%s\t%s\n' "$PREFLIGHT_S3_KEY" "$PREFLIGHT_S3_SECRET" "$bucket" >"$work/$file"
done
# The export bucket `check s3://acme-exports/...` reads: the sample calls
# file at the path the example names (the bucket may be there from an
# earlier run: 409).
code=$(curl -sS -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" --user "$PREFLIGHT_S3_KEY:$PREFLIGHT_S3_SECRET" \
	-H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X PUT "$PREFLIGHT_S3_ENDPOINT/acme-exports")
[ "$code" = 200 ] || [ "$code" = 409 ] || fail "cannot create bucket acme-exports (HTTP $code)"
# '=' percent-encoded: curl signs the path as sent, the server as encoded.
s3 -T "$work/calls.csv" "$PREFLIGHT_S3_ENDPOINT/acme-exports/call_center_issues/version%3D1/format%3Dcsv/dt%3D2024-05-01/calls.csv" >/dev/null ||
	fail "cannot upload the sample to acme-exports"
export AWS_ENDPOINT_URL=$PREFLIGHT_S3_ENDPOINT AWS_REGION=us-east-1
export GOBIN="$tmp/bin" PATH="$tmp/bin:$PATH" HOME="$tmp/home" CI=true
mkdir -p "$HOME"
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

ran=0
while IFS= read -r cmd; do
	case $cmd in
	scripts/test* | "go test"* | scripts/fuzz.sh* | bench/* | tools/audiogen/encode.sh*)
		echo "not run here (the test suite, benchmarks and fixture encoders themselves): $cmd"
		continue
		;;
	"go install ./"* | "make "* | "go run ./"*) dir=$checkout ;;
	*) dir=$work ;;
	esac
	want=0
	[[ $cmd == "preflight status"* ]] && want=1
	set +e
	out=$(cd "$dir" && bash -o pipefail -c "$cmd" </dev/null 2>&1)
	code=$?
	set -e
	if [ "$code" != "$want" ]; then
		echo "$out" | tail -n 20 | sed 's/^/    /' >&2
		fail "exit $code (want $want): $cmd"
	fi
	echo "PASS: $cmd (exit $code)"
	ran=$((ran + 1))
	# make build's binary answers as README says.
	if [[ $cmd == "make build"* ]]; then
		"$checkout/preflight" version | grep -q '^preflight ' || fail "./preflight version after make build"
		echo "PASS: ./preflight version"
	fi
done <"$tmp/commands"

# What the examples promise, beyond exiting 0.
[ -s "$work/preflight.sarif" ] && [ -s "$work/junit.xml" ] && [ -s "$work/out.sarif" ] && [ -s "$work/audit.html" ] ||
	fail "a report README's examples write is missing"
[ -s "$work/receipt.json" ] && grep -q '"status": "published"' "$work/receipt.json" || fail "the publish example wrote no published receipt"
[ -f "$work/.preflight.yaml" ] || fail "preflight init wrote no .preflight.yaml"
echo "readme-test: all $ran commands README shows ran as written"
