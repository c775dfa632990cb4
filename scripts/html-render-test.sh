#!/usr/bin/env bash
# Renders the HTML audit report in headless chromium, the way a data team
# opens it: builds preflight, writes one report for the bundled samples plus
# some bad files, screenshots it, checks the picture is not blank, and keeps
# it as docs/html-report.png. Offline: the report loads nothing, and
# chromium's background networking is off.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "html-render-test: chromium not found (scripts/deps.sh installs it)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/preflight" ./cmd/preflight

# Samples (clean) plus bad files of several kinds: the report must show both.
inputs=(
	testdata/sample
	testdata/rules/null/empty-value/bad
	testdata/rules/schema/type/bad
	testdata/rules/transcript/sender-role/bad/transcripts.csv
)
set +e
"$tmp/preflight" check --no-progress --format table --report "html=$tmp/report.html" "${inputs[@]}" >"$tmp/table.txt" 2>"$tmp/stderr.txt"
code=$?
set -e
if [ "$code" != 1 ]; then
	echo "FAIL: preflight check exited $code, want 1 (bad files included)" >&2
	cat "$tmp/stderr.txt" >&2
	exit 1
fi
[ -s "$tmp/report.html" ] || { echo "FAIL: no HTML report written" >&2; exit 1; }
echo "PASS: preflight wrote $(wc -c <"$tmp/report.html") bytes of HTML (exit 1)"

# Self-contained: nothing that would fetch from the network or run code.
if grep -Eiq '<script|<link |src="https?:|href="https?:|@import|url\(' "$tmp/report.html"; then
	echo "FAIL: the report references external resources or scripts" >&2
	grep -Eio '<script|<link |src="https?:[^"]*|href="https?:[^"]*|@import|url\(' "$tmp/report.html" | head >&2
	exit 1
fi
echo "PASS: no scripts or external resources"

if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$tmp/report.html"
	echo "PASS: the report is well-formed XHTML (xmllint)"
fi

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--disable-extensions --hide-scrollbars --mute-audio \
	--user-data-dir="$tmp/profile" \
	--screenshot="$tmp/report.png" --window-size=1280,2000 \
	"file://$tmp/report.html" >"$tmp/chromium.log" 2>&1 || {
	echo "FAIL: chromium could not render the report" >&2
	tail -20 "$tmp/chromium.log" >&2
	exit 1
}
size=$(wc -c <"$tmp/report.png" 2>/dev/null || echo 0)
if [ "$size" -le 20000 ]; then
	echo "FAIL: screenshot is $size bytes; want a real render (> 20 KB)" >&2
	tail -20 "$tmp/chromium.log" >&2
	exit 1
fi
echo "PASS: chromium rendered a $size-byte screenshot"

mkdir -p docs
# CI keeps the checkout clean by naming another place with HTML_SCREENSHOT.
dest=${HTML_SCREENSHOT:-$root/docs/html-report.png}
cp "$tmp/report.png" "$dest"
echo "PASS: screenshot at $dest"
