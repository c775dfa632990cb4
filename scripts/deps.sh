#!/usr/bin/env bash
# Installs the Debian packages the tests use, only those missing: the report
# oracles' python3-jsonschema and xmllint, pre-commit for the hook test,
# chromium for the HTML report render, GNU time for the benchmark script,
# zsh and fish for the completion tests (bash is there already).
# Needs root (or passwordless sudo) on a Debian machine; does nothing when
# everything is there.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || need+=(python3-jsonschema)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v pre-commit >/dev/null 2>&1 || need+=(pre-commit)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/bin/time ] || need+=(time)
command -v git >/dev/null 2>&1 || need+=(git)
command -v zsh >/dev/null 2>&1 || need+=(zsh)
command -v fish >/dev/null 2>&1 || need+=(fish)
if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
		echo "deps: missing ${need[*]} and not root: install them with apt-get" >&2
		exit 1
	fi
fi
echo "deps: installing ${need[*]}" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
