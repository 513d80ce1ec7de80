#!/usr/bin/env bash
# Measures DefinitionSet.Match for N = 100, 1,000 and 10,000 automations (BenchmarkDotNet, Release).
# Usage: bench/matching/run.sh [extra BenchmarkDotNet arguments]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

echo "== machine"
echo "cores:  $(nproc)"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || uname -m)"
echo "memory: $(free -h 2>/dev/null | awk '/^Mem:/ {print $2}')"
echo "dotnet: $(dotnet --version)"
echo

# ShortRun (3 warm-ups, 3 iterations) in process: the whole run stays within a few minutes on 2 cores.
dotnet run -c Release --project bench/Automations.Bench.Matching -- \
    --filter '*' --job short --inProcess --artifacts "${TMPDIR:-/tmp}/automations-bench-matching" "$@"
