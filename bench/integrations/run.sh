#!/usr/bin/env bash
# Measures the integrations: a job log excerpt of a 200,000-line log, and one GitHub call through the
# whole client against a bare HttpClient, both on 127.0.0.1 (BenchmarkDotNet, Release).
# Usage: bench/integrations/run.sh [extra BenchmarkDotNet arguments]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

echo "== machine"
echo "cores:  $(nproc)"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || uname -m)"
echo "memory: $(free -h 2>/dev/null | awk '/^Mem:/ {print $2}')"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dotnet: $(dotnet --version)"
echo

# ShortRun (3 warm-ups, 3 iterations) in process: the whole run stays within a few minutes on 2 cores.
dotnet run -c Release --project bench/integrations -- \
    --filter '*' --job short --inProcess --artifacts "${TMPDIR:-/tmp}/automations-bench-integrations" "$@"
