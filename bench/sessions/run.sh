#!/usr/bin/env bash
# Session load benchmark: N concurrent sessions of a stand-in agent that streams M events each, through
# the real engine (`automations serve`, SQLite, the worker at concurrency N). Checks that every event of
# every session is stored once and in order, and measures the engine's memory per live session.
#
# Usage: bench/sessions/run.sh [--sessions N] [--events M] [--seconds S]   (defaults 50, 1000, 10)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
for tool in dotnet git; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required." >&2; exit 1; }
done
dotnet build src/Automations.Host -c Release --nologo -v q -nodeReuse:false >/dev/null
dotnet build bench/sessions -c Release --nologo -v q -nodeReuse:false >/dev/null
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
dotnet bench/sessions/bin/Release/net10.0/bench-sessions.dll --engine "$repo/src/Automations.Host/bin/Release/net10.0/automations.dll" "$@"
