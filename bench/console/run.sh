#!/usr/bin/env bash
# Console benchmark: 100,000 sessions and 1,000,000 events seeded into SQLite and into PostgreSQL, the
# engine (`automations serve`, worker and scheduler off) started on each, a person signed in, and
# p50/p95/p99 of GET / and GET /sessions/{id} (the long session, and one waiting on a question) beside
# GET /healthz, interleaved in the same run.
#
# Usage: bench/console/run.sh [--sessions N] [--events M] [--requests R] [--stores "sqlite postgres"] [--keep yes]
# (--keep yes leaves the seeded SQLite folder and PostgreSQL schema for EXPLAIN; their names are printed.)
# Environment: BENCH_POSTGRES (an Npgsql connection string; default: scripts/start-postgres.sh, as root).
# Output goes to the terminal and to bench/results/console-*.txt.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
command -v dotnet >/dev/null 2>&1 || { echo "dotnet is required." >&2; exit 1; }
connection=${BENCH_POSTGRES:-$(bash scripts/start-postgres.sh)}
dotnet build src/Automations.Host -c Release --nologo -v q -nodeReuse:false >/dev/null
dotnet build bench/console -c Release --nologo -v q -nodeReuse:false >/dev/null
mkdir -p bench/results
out="bench/results/console-$(date -u +%Y%m%dT%H%M%SZ).txt"
dotnet bench/console/bin/Release/net10.0/bench-console.dll \
    --engine "$repo/src/Automations.Host/bin/Release/net10.0/automations.dll" --postgres "$connection" "$@" | tee "$out"
