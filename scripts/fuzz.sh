#!/usr/bin/env bash
# Bounded fuzzing as a crash-finder that never writes into the source tree.
#
#   scripts/fuzz.sh PACKAGE TARGET [FUZZTIME]     e.g. scripts/fuzz.sh records FuzzCSV 15s
#
# `go test -fuzz` writes a failing input to PACKAGE/testdata/fuzz/TARGET/,
# where every later `go test` runs it as a seed: one random find would fail
# every run after it. So the test binary is built here, run from a scratch
# directory holding a copy of the committed seed corpus, with its fuzz cache
# there too. A failure is printed with the saved input (outside the tree)
# and how to keep it as a regression seed; the exit status says it failed.
# The committed seed corpus itself runs in every plain `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg=${1:?usage: scripts/fuzz.sh PACKAGE TARGET [FUZZTIME]}
target=${2:?usage: scripts/fuzz.sh PACKAGE TARGET [FUZZTIME]}
fuzztime=${3:-${FUZZTIME:-15s}}

work=$(mktemp -d "${TMPDIR:-/tmp}/preflight-fuzz.XXXXXX")
mkdir -p "$work/run/testdata/fuzz"
go test -c -fuzz "^${target}\$" -o "$work/fuzz.test" "./$pkg"
if [ -d "$pkg/testdata/fuzz/$target" ]; then
	cp -R "$pkg/testdata/fuzz/$target" "$work/run/testdata/fuzz/"
fi
seeds=$(find "$work/run/testdata/fuzz" -type f | wc -l)

if (cd "$work/run" && "$work/fuzz.test" -test.run '^$' -test.fuzz "^${target}\$" \
	-test.fuzztime "$fuzztime" -test.fuzzcachedir "$work/cache"); then
	rm -rf "$work"
	exit 0
fi

echo "scripts/fuzz.sh: $target ($pkg) FAILED; nothing was written to $pkg/testdata/fuzz." >&2
found=0
for f in "$work/run/testdata/fuzz/$target"/*; do
	[ -f "$f" ] || continue
	if [ -f "$pkg/testdata/fuzz/$target/$(basename "$f")" ]; then
		continue # a committed seed
	fi
	found=1
	name=$(basename "$f")
	echo "failing input: $f" >&2
	sed 's/^/    /' "$f" >&2
	echo "to reproduce, and to keep it as a regression seed with the fix:" >&2
	echo "    mkdir -p $pkg/testdata/fuzz/$target && cp $f $pkg/testdata/fuzz/$target/" >&2
	echo "    go test -run '$target/$name' ./$pkg" >&2
done
if [ "$found" = 0 ]; then
	echo "(no new input was saved: one of the $seeds committed seeds or the fuzzing engine failed; see above)" >&2
fi
exit 1
