#!/usr/bin/env bash
# Workspace start-time benchmark: from "job leased" to "agent process started" for a new session, with
# a warm repository ready on a cached mirror:
#   sandboxed    the engine as it is (PrepareAsync, then the agent `true` through the runtime in bubblewrap)
#   unsandboxed  the same with Automations:Sandbox:Mode=none: the difference is the sandbox's cost
#   worktree     the reference from before the sandbox: a warm worktree of the mirror, then `true` directly
#   clone        a fresh `git clone` + `git checkout -b`, then `true`
# on a generated repository of 5,000 files, interleaved in the same run. It needs bubblewrap: as root on
# Debian or Ubuntu it installs the `bubblewrap` package when it is missing.
#
# Usage: bench/workspaces/run.sh [--iterations N] [--files N]     (defaults 20 and 5000)
# Everything it creates lives in a temporary folder that is deleted at the end.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

for tool in dotnet git; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$tool is required." >&2
        exit 1
    fi
done

if ! command -v bwrap >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null
fi

dotnet build bench/workspaces -c Release --nologo -v q -nodeReuse:false >/dev/null
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
dotnet bench/workspaces/bin/Release/net10.0/bench-workspaces.dll "$@"
