#!/usr/bin/env bash
# Runs a local versitygw (a real S3 gateway over a directory) for the
# integration tests and the benchmark.
#
#   scripts/s3-server.sh start   # install into ./.tools if missing, start, wait until it answers
#   scripts/s3-server.sh stop    # stop the server started by start
#   scripts/s3-server.sh env     # print export lines for the tests: eval "$(scripts/s3-server.sh env)"
#
# Settings (environment): S3_ADDR (127.0.0.1:7070), S3_KEY, S3_SECRET,
# S3_STATE (./.tools/s3-server: pid file, log, data dir).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
ADDR=${S3_ADDR:-127.0.0.1:7070}
KEY=${S3_KEY:-preflighttest}
SECRET=${S3_SECRET:-preflight-test-secret-123}
STATE=${S3_STATE:-$ROOT/.tools/s3-server}
BIN=$ROOT/.tools/versitygw
VERSION=v1.8.0
PIDFILE=$STATE/versitygw.pid

running() {
	[[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

# answers succeeds once the port accepts a TCP connection.
answers() {
	local host=${ADDR%:*} port=${ADDR##*:}
	(exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

start() {
	if running; then
		echo "versitygw already running (pid $(cat "$PIDFILE")) on $ADDR" >&2
		return 0
	fi
	if [[ ! -x $BIN ]]; then
		echo "installing versitygw $VERSION into .tools (about a minute)..." >&2
		GOBIN=$ROOT/.tools go install "github.com/versity/versitygw/cmd/versitygw@$VERSION"
	fi
	if answers; then
		echo "something else is already listening on $ADDR" >&2
		return 1
	fi
	mkdir -p "$STATE"
	DATA=$(mktemp -d "${TMPDIR:-/tmp}/preflight-s3.XXXXXX")
	echo "$DATA" >"$STATE/datadir"
	# The secret goes through the environment, not argv, so it does not show
	# in ps output.
	ROOT_ACCESS_KEY=$KEY ROOT_SECRET_KEY=$SECRET \
		nohup "$BIN" --port "$ADDR" posix "$DATA" >"$STATE/versitygw.log" 2>&1 &
	echo $! >"$PIDFILE"
	for _ in $(seq 1 100); do
		if answers; then
			echo "versitygw $VERSION on http://$ADDR (pid $(cat "$PIDFILE"), data $DATA)" >&2
			return 0
		fi
		if ! running; then
			echo "versitygw exited; log:" >&2
			cat "$STATE/versitygw.log" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "versitygw did not answer on $ADDR within 10s" >&2
	return 1
}

stop() {
	if running; then
		local pid
		pid=$(cat "$PIDFILE")
		kill "$pid"
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
	fi
	rm -f "$PIDFILE"
	if [[ -f $STATE/datadir ]]; then
		rm -rf "$(cat "$STATE/datadir")"
		rm -f "$STATE/datadir"
	fi
}

env_lines() {
	echo "export PREFLIGHT_S3_ENDPOINT=http://$ADDR"
	echo "export PREFLIGHT_S3_KEY=$KEY"
	echo "export PREFLIGHT_S3_SECRET=$SECRET"
	# The fault suite starts (and kills) servers of its own from this binary.
	echo "export PREFLIGHT_VERSITYGW=$BIN"
}

case ${1:-} in
start) start ;;
stop) stop ;;
env) env_lines ;;
*)
	echo "usage: $0 start|stop|env" >&2
	exit 2
	;;
esac
