#!/usr/bin/env bash
# Side-by-side upload throughput against the local S3 server:
# `preflight publish` (check + hash + upload + verify + _SUCCESS) versus
# `aws s3 cp --recursive` and `s5cmd cp` on the same files.
#
#   scripts/publish-bench.sh [DIR]
#
# DIR holds the .csv files to send; without it, ~1 GB of valid transcript
# CSV is generated (BENCH_FILES files of BENCH_MB MiB each, default 8 x 128).
# Starts the server with scripts/s3-server.sh if it is not running.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
FILES=${BENCH_FILES:-8}
MB=${BENCH_MB:-128}
BUCKET=asapp-customers-sftp-test-us-east-1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/preflight-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

scripts/s3-server.sh start
eval "$(scripts/s3-server.sh env)"
export AWS_ACCESS_KEY_ID=$PREFLIGHT_S3_KEY AWS_SECRET_ACCESS_KEY=$PREFLIGHT_S3_SECRET AWS_DEFAULT_REGION=us-east-1
EP=$PREFLIGHT_S3_ENDPOINT
DT=$(date -u +%F)

if [[ $# -ge 1 ]]; then
	DATA=$1
else
	DATA=$WORK/data
	mkdir -p "$DATA"
	echo "generating $FILES x $MB MiB of transcript CSV in $DATA..." >&2
	python3 - "$DATA" "$FILES" "$MB" "$DT" <<'PY'
import sys
out, n, mb, dt = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
target = mb << 20
for f in range(n):
    with open(f"{out}/part-{f}.csv", "w", newline="") as w:
        w.write("conversation_externalId,sender_externalId,sender_role,text,timestamp\n")
        size, i, rows = 0, 0, []
        while size < target:
            conv = f"{f}-{i // 20}"
            s = i % 20
            role = "customer" if s % 2 == 0 else "agent"
            row = f"c{conv},{role[0]}{conv},{role},message {i} of file {f}: the quick brown fox jumps over the lazy dog,{dt}T{(s // 60) % 24:02d}:{s % 60:02d}:{i % 60:02d}Z\n"
            rows.append(row)
            size += len(row)
            i += 1
            if len(rows) == 10000:
                w.write("".join(rows)); rows = []
        w.write("".join(rows))
PY
fi
BYTES=$(du -cb "$DATA"/*.csv | tail -1 | cut -f1)
echo "data: $(ls "$DATA"/*.csv | wc -l) files, $BYTES bytes" >&2

go build -o "$WORK/preflight" ./cmd/preflight
printf '%s\t%s\t%s\tbench\n' "$PREFLIGHT_S3_KEY" "$PREFLIGHT_S3_SECRET" "$BUCKET" >"$WORK/creds.tsv"
chmod 600 "$WORK/creds.tsv"

S5=$(command -v s5cmd || echo "$ROOT/.tools/s5cmd")
# Prefer Debian's awscli over whatever shim is first on PATH.
if [[ -x /usr/bin/aws ]]; then AWS=/usr/bin/aws; else AWS=$(command -v aws || true); fi

mbps() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576 / float(sys.argv[2]):8.1f}')" "$BYTES" "$1"; }
timeit() { # prints elapsed seconds of "$@"
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >"$WORK/out.log" 2>&1 || { cat "$WORK/out.log" >&2; return 1; }
	t1=$(date +%s.%N)
	python3 -c "print(f'{$t1 - $t0:.2f}')"
}

# Create the bucket (ignore "already exists").
if [[ -x $S5 ]]; then
	"$S5" --endpoint-url "$EP" mb "s3://$BUCKET" >/dev/null 2>&1 || true
elif [[ -n $AWS ]]; then
	"$AWS" --endpoint-url "$EP" s3 mb "s3://$BUCKET" >/dev/null 2>&1 || true
fi

RUN=$(date +%s)
declare -a rows
t=$(timeit "$WORK/preflight" publish --no-progress --fail-on never --credentials "$WORK/creds.tsv" --endpoint "$EP" \
	--feed transcripts --feed-name bench_$RUN --dt "$DT" --format json "$DATA"/*.csv)
rows+=("preflight publish (check+hash+upload+verify)|$t|$(mbps "$t")")
# The same checks alone, so the transfer's share can be read off.
t=$(timeit "$WORK/preflight" check --no-progress --fail-on never --feed transcripts --dt "$DT" --format json "$DATA"/*.csv)
rows+=("  of which: preflight check alone (same files)|$t|$(mbps "$t")")

if [[ -n $AWS ]] && "$AWS" --version >/dev/null 2>&1; then
	t=$(timeit "$AWS" --endpoint-url "$EP" s3 cp --recursive --only-show-errors "$DATA" "s3://$BUCKET/bench-aws-$RUN/")
	rows+=("aws s3 cp --recursive ($("$AWS" --version 2>&1 | cut -d' ' -f1))|$t|$(mbps "$t")")
else
	rows+=("aws s3 cp: not installed (apt-get install awscli)|-|-")
fi
if [[ -x $S5 ]]; then
	t=$(timeit "$S5" --endpoint-url "$EP" cp "$DATA/*" "s3://$BUCKET/bench-s5cmd-$RUN/")
	rows+=("s5cmd cp ($("$S5" version 2>&1 | head -1))|$t|$(mbps "$t")")
else
	rows+=("s5cmd: not installed (GOBIN=\$PWD/.tools go install github.com/peak/s5cmd/v2@latest)|-|-")
fi

printf '\n%-60s %9s %9s\n' "tool ($((BYTES / 1048576)) MiB to $EP)" "seconds" "MiB/s"
for r in "${rows[@]}"; do
	IFS='|' read -r name secs rate <<<"$r"
	printf '%-60s %9s %9s\n' "$name" "$secs" "$rate"
done
