#!/usr/bin/env bash
# Renders the HTML audit report in headless chromium, the way a data team
# opens it: builds preflight, writes one report for the bundled samples plus
# some bad files (one with a long path, long values, values with spaces),
# measures the layout at 1280 px and at phone width (a copy of the report
# with a probe script added: the report itself has none), screenshots it,
# checks the picture is not blank, and keeps the 1280 px one as
# docs/html-report.png. Offline: the report loads nothing, and chromium's
# background networking is off.
#
# The layout must hold: no table, card, chart or cell wider than its box, no
# page scrolling sideways, a value broken only at its spaces (a piece too
# long for its column is cut with an ellipsis, the whole value in its
# title), a path only after a '/'.
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

# What breaks layouts: a long unbroken path segment, a value with spaces, a
# timestamp with a space, a long value with none, a long conversation id.
long="$tmp/exports/export_of_the_historical_customer_conversations_for_the_quarter_ending_march_2024"
mkdir -p "$long"
conv=conv-2f1c9a7e5b3d4e8f9a6b1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0
garbage=$(printf '2024-05-01T10:00:05Z%.0s' 1 2 3 4 5)
cat >"$long/transcripts.csv" <<EOF
conversation_externalId,sender_externalId,sender_role,text,timestamp
$conv,u1,Customer Service Representative,Hello there,2024-05-01 10:00:00
$conv,a1,agent,Hi how can I help,$garbage
$conv,u1,customer,Thanks,2024-05-01T10:00:09Z
EOF

# Samples (clean) plus bad files of several kinds: the report must show both.
inputs=(
	testdata/sample
	testdata/rules/null/empty-value/bad
	testdata/rules/schema/type/bad
	testdata/rules/transcript/sender-role/bad/transcripts.csv
	"$long/transcripts.csv"
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

chrome() {
	"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-extensions --hide-scrollbars --mute-audio \
		--user-data-dir="$tmp/profile" "$@"
}

# The probe: a page that shows the report in a frame of the width under
# test (headless chromium's window is never narrower than 500 px) and, once
# it has laid out, measures every box and writes what it found into the
# page, which --dump-dom prints. The report itself runs no script.
cat >"$tmp/probe.js" <<'EOF'
document.getElementById('f').addEventListener('load', function () {
  var d = this.contentDocument, root = d.documentElement, bad = [];
  if (root.scrollWidth > root.clientWidth) bad.push('the page scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth);
  var boxes = d.querySelectorAll('table, td, th, .card, .chart, .empty, details, summary, header.top, footer, main');
  for (var i = 0; i < boxes.length; i++) {
    var el = boxes[i];
    if (el.scrollWidth > el.clientWidth + 1)
      bad.push('wider than its box (' + el.scrollWidth + ' > ' + el.clientWidth + '): ' + el.tagName.toLowerCase() + '.' + el.className + ' ' + el.textContent.replace(/\s+/g, ' ').slice(0, 70));
  }
  var segs = d.querySelectorAll('.seg'), cut = 0;
  for (var j = 0; j < segs.length; j++) {
    var s = segs[j];
    if (s.getClientRects().length !== 1) bad.push('a piece is broken across lines: ' + s.textContent);
    if (s.scrollWidth > s.clientWidth + 1) {
      cut++;
      if (!s.parentNode.getAttribute('title')) bad.push('cut without a title: ' + s.textContent);
    }
  }
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = 'HEIGHT ' + root.scrollHeight + '\nCUT ' + cut + '\n' + (bad.length ? bad.join('\n') : 'LAYOUT OK');
  document.body.appendChild(out);
});
EOF

# frame WIDTH HEIGHT [probe]: a page showing the report at WIDTH px.
frame() {
	local script=
	[ -n "${3:-}" ] && script="<script>$(cat "$tmp/probe.js")</script>"
	printf '<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="report.html" style="border:0;display:block;width:%spx;height:%spx"></iframe>%s</body></html>\n' \
		"$1" "$2" "$script" >"$tmp/frame-$1.html"
	echo "$tmp/frame-$1.html"
}

# probe WIDTH -> prints the page height; fails on any layout fault.
probe() {
	chrome --allow-file-access-from-files --dump-dom --window-size=1400,1000 "file://$(frame "$1" 4000 probe)" \
		>"$tmp/dom-$1.html" 2>"$tmp/chromium.log" || {
		echo "FAIL: chromium could not load the report" >&2
		tail -20 "$tmp/chromium.log" >&2
		exit 1
	}
	local result
	result=$(sed -n '/<pre id="probe">/,/<\/pre>/p' "$tmp/dom-$1.html" | sed 's#</*pre[^>]*>##g; s/&gt;/>/g; s/&lt;/</g; s/&amp;/\&/g')
	if ! grep -q 'LAYOUT OK' <<<"$result"; then
		echo "FAIL: at $1 px:" >&2
		grep -v '^HEIGHT\|^CUT' <<<"$result" | head -20 >&2
		[ -n "$result" ] || echo "(the probe did not run)" >&2
		exit 1
	fi
	echo "PASS: at $1 px every table fits its card, no cell overflows, values break only at spaces ($(sed -n 's/^CUT //p' <<<"$result") pieces cut with an ellipsis)" >&2
	sed -n 's/^HEIGHT //p' <<<"$result"
}

# shot WIDTH HEIGHT FILE: a screenshot of the whole page at WIDTH px (in a
# frame of that width, on a window at least 500 px wide).
shot() {
	chrome --screenshot="$3" --window-size="$(($1 > 500 ? $1 : 500)),$2" "file://$(frame "$1" "$2")" >"$tmp/chromium.log" 2>&1 || {
		echo "FAIL: chromium could not render the report" >&2
		tail -20 "$tmp/chromium.log" >&2
		exit 1
	}
	local size
	size=$(wc -c <"$3" 2>/dev/null || echo 0)
	if [ "$size" -le 20000 ]; then
		echo "FAIL: screenshot is $size bytes; want a real render (> 20 KB)" >&2
		tail -20 "$tmp/chromium.log" >&2
		exit 1
	fi
	echo "PASS: chromium rendered a $1 x $2 screenshot, $size bytes"
}

height=$(probe 1280)
phone_height=$(probe 390)
shot 1280 "$height" "$tmp/report.png"
shot 390 "$phone_height" "$tmp/report-phone.png"

mkdir -p docs
# CI keeps the checkout clean by naming another place with HTML_SCREENSHOT.
dest=${HTML_SCREENSHOT:-$root/docs/html-report.png}
cp "$tmp/report.png" "$dest"
echo "PASS: screenshot at $dest"
if [ -n "${HTML_SCREENSHOT_PHONE:-}" ]; then
	cp "$tmp/report-phone.png" "$HTML_SCREENSHOT_PHONE"
	echo "PASS: phone-width screenshot at $HTML_SCREENSHOT_PHONE"
fi
