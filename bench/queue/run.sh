#!/usr/bin/env bash
# Queue benchmark: the engine's PostgreSQL queue and pg-boss, on the same PostgreSQL, in one run.
# For each number of consumer instances (processes), each target measures
#   enqueue          jobs/s from 32 concurrent producers
#   lease+complete   jobs/s drained by the instances' workers (W each), lease and complete one at a time
#   insert-to-start  p50/p99 ms from just before a job's insert to a worker holding it, while the
#                    workers wait idle (LISTEN/NOTIFY on both sides, 1 s polling as the backstop) and
#                    jobs come one at a time at R per second (after 50 that warm both sides up)
#
# Usage: bench/queue/run.sh
# Environment: BENCH_JOBS (10000), BENCH_WORKERS (8 per instance), BENCH_INSTANCES ("1 2"),
#   BENCH_LATENCY_JOBS (500), BENCH_RATE (50 per second), BENCH_ROUNDS (1: the targets interleaved this
#   many times), BENCH_POSTGRES (an Npgsql connection string; default: scripts/start-postgres.sh, as root).
# pg-boss is installed from npm into bench/queue/pgboss/node_modules (pinned in its package.json; not
# committed). Output goes to the terminal and to bench/results/queue-*.txt and .tsv.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required." >&2; exit 1; }
done

jobs=${BENCH_JOBS:-10000}
workers=${BENCH_WORKERS:-8}
instances=${BENCH_INSTANCES:-"1 2"}
latency_jobs=${BENCH_LATENCY_JOBS:-500}
rate=${BENCH_RATE:-50}
rounds=${BENCH_ROUNDS:-1}
connection=${BENCH_POSTGRES:-$(bash scripts/start-postgres.sh)}

# The same server as a postgres:// URL for node-postgres (user and password URL-encoded).
field() { echo "$connection" | tr ';' '\n' | awk -F= -v k="$1" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'; }
encode() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }
port=$(field Port)
url="postgres://$(encode "$(field Username)"):$(encode "$(field Password)")@$(field Host):${port:-5432}/$(field Database)"

npm install --prefix bench/queue/pgboss --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null
dotnet build bench/queue -c Release --nologo -v q -nodeReuse:false >/dev/null

mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
txt=bench/results/queue-$stamp.txt
tsv=bench/results/queue-$stamp.tsv
bench=(dotnet bench/queue/bin/Release/net10.0/bench-queue.dll)

{
  "${bench[@]}" machine --connection "$connection"
  echo "node:     $(node --version), pg-boss $(node -p 'require("./bench/queue/pgboss/node_modules/pg-boss/package.json").version')"
  echo "settings: $jobs jobs, $workers workers per instance, instances: $instances; latency: $latency_jobs jobs at $rate/s; rounds: $rounds"
} | tee "$txt"

printf 'target\tinstances\tworkers\tjobs\tenqueue/s\tlease+complete/s\tp50 ms\tp99 ms\tlatency jobs\n' > "$tsv"
for _ in $(seq 1 "$rounds"); do
  for n in $instances; do
    "${bench[@]}" run --connection "$connection" --jobs "$jobs" --workers "$workers" --instances "$n" --latency-jobs "$latency_jobs" --rate "$rate" 2>&1 | tee -a "$txt" | grep '^RESULT' | cut -f2- >> "$tsv"
    node bench/queue/pgboss/bench.mjs run --connection "$url" --jobs "$jobs" --workers "$workers" --instances "$n" --latency-jobs "$latency_jobs" --rate "$rate" 2>&1 | tee -a "$txt" | grep '^RESULT' | cut -f2- >> "$tsv"
  done
done

echo
column -t -s $'\t' "$tsv" | tee -a "$txt"
echo "results: $txt, $tsv"
