#!/usr/bin/env bash
# Prebuild benchmark: from "job leased" to "agent process started" for a new session on a repository whose
# setup installs about 200 MB of npm dependencies from a local cache (`npm ci --offline`), two ways in the
# same run, interleaved:
#   prebuild   the definition has `prebuild:`: the newest ready prebuild is laid into the workspace
#   setup      the definition has `setup:`: npm ci runs in every new workspace
# It generates the packages (tarballs from a fixed seed) and the repository itself. It needs node, npm and
# bubblewrap: as root on Debian or Ubuntu it installs the `bubblewrap` package when it is missing.
#
# Usage: bench/prebuilds/run.sh [--iterations N] [--packages N] [--files N]     (defaults 7, 100 and 100)
# Everything it creates lives in a temporary folder that is deleted at the end.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

for tool in dotnet git node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$tool is required." >&2
        exit 1
    fi
done

if ! command -v bwrap >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null
fi

dotnet build bench/prebuilds -c Release --nologo -v q -nodeReuse:false >/dev/null
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
dotnet bench/prebuilds/bin/Release/net10.0/bench-prebuilds.dll "$@"
