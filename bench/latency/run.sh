#!/usr/bin/env bash
# Event to agent: from a signed webhook's first byte to the agent's process started (a command agent that
# prints the clock, on a warm repository, in the sandbox), through the real engine (`automations serve`).
# Four scenarios in one run: SQLite idle and under a steady load of deliveries, and PostgreSQL with two
# instances idle and under the same load. Each probe's time is split step by step.
#
# Usage: bench/latency/run.sh [--probes N] [--rate R] [--postgres CONNECTION]   (defaults 40, 200; the
# connection defaults to the one scripts/start-postgres.sh prints, and it starts PostgreSQL when needed)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
for tool in dotnet git; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required." >&2; exit 1; }
done
usage() { sed -n '7,8p' "${BASH_SOURCE[0]}" | sed 's/^# //'; }
args=("$@")
postgres=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --probes|--rate)
            [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "$1 takes a whole number, not '${2:-}'." >&2; usage >&2; exit 2; }
            shift 2 ;;
        --postgres)
            [[ -n "${2:-}" ]] || { echo "--postgres takes a connection string." >&2; usage >&2; exit 2; }
            postgres="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
if [[ -z "$postgres" ]]; then
    args+=(--postgres "$(bash scripts/start-postgres.sh)")
fi
dotnet build src/Automations.Host -c Release --nologo -v q -nodeReuse:false >/dev/null
dotnet build bench/latency -c Release --nologo -v q -nodeReuse:false >/dev/null
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
dotnet bench/latency/bin/Release/net10.0/bench-latency.dll --engine "$repo/src/Automations.Host/bin/Release/net10.0/automations.dll" "${args[@]}"
