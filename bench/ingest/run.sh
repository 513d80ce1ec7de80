#!/usr/bin/env bash
# Ingest benchmark: acknowledged GitHub deliveries per second, with p50 and p99 latency, for
#   ceiling  a bare Kestrel endpoint that answers 202 and nothing else
#   floor    a naive durable endpoint: read body, check HMAC, one SQLite insert and commit per request
#   engine   the Automations server (src/Automations.Host), ingest only (worker disabled)
#   engine-postgres  the same on PostgreSQL (Automations:Store:Provider=postgres), a fresh database per run
#   functions  the same executable as an Azure Functions custom handler (automations functions): each
#            request is the host's invocation of the github function, the delivery inside it, answered
#            with res and the Service Bus output jobs (no Functions host runs here)
#
# Usage: bench/ingest/run.sh [seconds]        (default 15; at most 600)
# Environment (all optional):
#   BENCH_TARGETS      targets to run, in order (default: "ceiling floor engine"; add "functions")
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_CONNECTIONS  wrk connections (default 32)
#   BENCH_WARMUP       warm-up seconds before each measured run (default 15: under this load the engine's
#                      JIT takes 10 to 15 s to settle, and the first seconds cost about twice the CPU)
#   BENCH_BODY_BYTES   size of the delivery body (default 12288)
#   BENCH_SERVER_CPUS  a CPU list (taskset -c) the servers run on, the load generator staying free:
#                      BENCH_SERVER_CPUS=0 gives each server one core (default: all of them)
#   BENCH_POSTGRES     for engine-postgres: an Npgsql connection string (Host, Port, Username, Password,
#                      Database) of a role that may create databases; default: scripts/start-postgres.sh, as root
#
# Each row shows the server's CPU time per request, and the whole machine's (the load generator, and for
# engine-postgres PostgreSQL, included), from /proc.
#
# Every server listens on 127.0.0.1 only, on a free port, with a fresh data directory, and is stopped
# when its run ends or the script exits. Results go to bench/results/ (not committed) and stdout.
set -euo pipefail

duration="${1:-15}"
if ! [[ "$duration" =~ ^[0-9]+$ ]] || ((duration < 1 || duration > 600)); then
    echo "usage: $0 [seconds]   (1..600, default 15)" >&2
    exit 2
fi

targets="${BENCH_TARGETS:-ceiling floor engine}"
threads="${BENCH_THREADS:-2}"
connections="${BENCH_CONNECTIONS:-32}"
warmup="${BENCH_WARMUP:-15}"
body_bytes="${BENCH_BODY_BYTES:-12288}"
server_cpus="${BENCH_SERVER_CPUS:-}"
ready_timeout=30
wrk_timeout=5

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
reference_project="$repo_root/bench/Automations.Bench.Reference"
reference_dll="$reference_project/bin/Release/net10.0/bench-reference.dll"
engine_project="$repo_root/src/Automations.Host"
engine_dll="$engine_project/bin/Release/net10.0/automations.dll"

work="$(mktemp -d -t automations-bench.XXXXXX)"
results_dir="$repo_root/bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results_file="$results_dir/ingest-$stamp.txt"
results_tsv="$results_dir/ingest-$stamp.tsv"
mkdir -p "$results_dir"

server_pid=""

stop_server() {
    if [[ -n "$server_pid" ]]; then
        if kill -0 "$server_pid" 2>/dev/null; then
            kill -TERM "$server_pid" 2>/dev/null || true
            for _ in $(seq 1 100); do
                kill -0 "$server_pid" 2>/dev/null || break
                sleep 0.1
            done
            if kill -0 "$server_pid" 2>/dev/null; then
                kill -KILL "$server_pid" 2>/dev/null || true
            fi
        fi
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}

cleanup() {
    stop_server
    stop_database
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Print and keep in the results file.
say() {
    printf '%s\n' "$*" | tee -a "$results_file"
}

require_tools() {
    if ! command -v wrk >/dev/null 2>&1; then
        if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
            echo "wrk is missing; installing it with apt-get." >&2
            apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
        else
            echo "wrk is missing: install the 'wrk' package (apt-get install wrk) and run again." >&2
            exit 1
        fi
    fi
    if [[ -n "$server_cpus" ]] && ! taskset -c "$server_cpus" true 2>/dev/null; then
        echo "BENCH_SERVER_CPUS=$server_cpus: not a CPU list this machine can run on (taskset -c)." >&2
        exit 2
    fi
    local tool
    for tool in dotnet openssl curl; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "$tool is required." >&2
            exit 1
        fi
    done
}

print_machine() {
    local cpu mem os
    cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    mem="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    os="$( (. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}") || echo unknown)"
    say "Ingest benchmark, $stamp"
    say "machine:  $(nproc) CPUs, ${cpu:-unknown CPU}, $mem memory"
    say "os:       $os, kernel $(uname -r)"
    say "dotnet:   $(dotnet --version)"
    say "wrk:      $(wrk --version 2>&1 | head -n1 | awk '{print $2}'), $threads threads, $connections connections, ${warmup}s warm-up, ${duration}s measured"
    say "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the runs"
    say "servers:  on CPUs ${server_cpus:-all}"
}

# Builds one project in Release; the log stays in the work dir and is shown on failure.
build() {
    local project="$1" log="$2"
    dotnet build "$project" -c Release --nologo -v q -nodeReuse:false >"$log" 2>&1
}

# make_body: the delivery body and its signature.
source "$script_dir/body.sh"

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

# write_automation and start_server: what each target runs.
source "$script_dir/servers.sh"

# 0 when GET /healthz answers 200 within the timeout while our server is still running.
wait_ready() {
    local port="$1" deadline=$((SECONDS + ready_timeout))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            ready_failure="the server exited before it was ready"
            return 1
        fi
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)" == 200 ]]; then
            return 0
        fi
        sleep 0.2
    done
    ready_failure="GET /healthz did not answer 200 within ${ready_timeout}s"
    return 1
}

run_wrk() {
    local url="$1" seconds="$2" out="$3" mode="${4:-}" nonce
    nonce="$(openssl rand -hex 6)"
    timeout --kill-after=5 $((seconds + wrk_timeout + 30)) \
        wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout "${wrk_timeout}s" --latency \
        -s "$script_dir/ingest.lua" "$url" -- "$work/body.json" "$signature" "$nonce" $mode >"$out" 2>&1
}

declare -a summary_rows=()

row() {
    summary_rows+=("$(printf '%-15s %10s %10s %8s %10s %8s %8s %7s %9s %9s' "$@")")
    printf '%s\t' "$@" | sed 's/\t$//' >>"$results_tsv"
    printf '\n' >>"$results_tsv"
}

skip_row() {
    local target="$1" reason="$2"
    summary_rows+=("$(printf '%-15s %s' "$target" "skipped: $reason")")
    printf '%s\tskipped\t%s\n' "$target" "$reason" >>"$results_tsv"
}

bench_target() {
    local target="$1"
    say ""
    say "== $target"

    if [[ "$target" == engine* || "$target" == functions ]]; then
        if ((engine_built == 0)); then
            say "skipping $target: src/Automations.Host does not build in Release (see the log below)."
            tail -n 20 "$work/build-engine.log" | tee -a "$results_file"
            skip_row "$target" "does not build"
            return 0
        fi
    fi

    local port data log
    port="$(free_port)"
    data="$work/data-$target"
    log="$work/server-$target.log"
    mkdir -p "$data"
    local url="http://127.0.0.1:$port/webhooks/github" mode=""
    if [[ "$target" == functions ]]; then
        url="http://127.0.0.1:$port/github"
        mode=functions
    fi

    start_server "$target" "$port" "$data" "$log"
    ready_failure=""
    if ! wait_ready "$port"; then
        stop_server
        stop_database
        if [[ "$target" == engine ]]; then
            say "skipping engine: $ready_failure. Last lines of its output:"
            tail -n 20 "$log" | tee -a "$results_file"
            skip_row engine "not ready ($ready_failure)"
            return 0
        fi
        say "$target failed: $ready_failure. Last lines of its output:"
        tail -n 20 "$log" | tee -a "$results_file"
        skip_row "$target" "failed ($ready_failure)"
        failures=$((failures + 1))
        return 0
    fi

    say "server on 127.0.0.1:$port; load $(cut -d' ' -f1-3 /proc/loadavg); warming up ${warmup}s"
    if ((warmup > 0)); then
        run_wrk "$url" "$warmup" "$work/warmup-$target.txt" "$mode" || true
    fi

    local out="$work/wrk-$target.txt"
    local status=0 cpu_before cpu_after machine_before machine_after
    cpu_before="$(cpu_ticks)"
    machine_before="$(machine_ticks)"
    run_wrk "$url" "$duration" "$out" "$mode" || status=$?
    cpu_after="$(cpu_ticks)"
    machine_after="$(machine_ticks)"
    tee -a "$results_file" <"$out"
    stop_server
    stop_database

    # The engine's targets must do the whole work for each delivery: its deliveries have to start the automation.
    if [[ "$target" == engine* || "$target" == functions ]] && ! grep -q "matched bench-autofix" "$log"; then
        say "$target failed: no delivery matched bench-autofix (did the automation load?). Last lines of its output:"
        tail -n 20 "$log" | tee -a "$results_file"
        skip_row "$target" "failed (no delivery matched)"
        failures=$((failures + 1))
        return 0
    fi

    local result
    result="$(grep '^result ' "$out" | tail -n1 || true)"
    if ((status != 0)) || [[ -z "$result" ]]; then
        say "$target: wrk failed (exit $status)"
        skip_row "$target" "wrk failed (exit $status)"
        failures=$((failures + 1))
        return 0
    fi

    row "$target" "$(field requests)" "$(field accepted)" "$(field non202)" "$(field ack_per_s)" \
        "$(field p50_ms)" "$(field p99_ms)" "$(field errors)" \
        "$(per_request $((cpu_after - cpu_before)))" "$(per_request $((machine_after - machine_before)))"
}

# Clock ticks as microseconds per request of $result.
per_request() {
    local requests
    requests="$(field requests)"
    echo $(($1 * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1)))
}

# The whole machine's busy time so far (user, nice, system, irq, softirq; in clock ticks).
machine_ticks() {
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}

# The server's CPU time so far (user and system, in clock ticks).
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$server_pid/stat"
}

# One key=value field of the result line in $result.
field() {
    sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"
}

require_tools
secret="${BENCH_WEBHOOK_SECRET:-$(openssl rand -hex 32)}"
signature=""
failures=0
: >"$results_file"
printf 'target\trequests\tacked_202\tnon_202\tacked_per_s\tp50_ms\tp99_ms\terrors\tcpu_us_per_request\tmachine_us_per_request\n' >"$results_tsv"

print_machine

say ""
say "building the reference server (Release)"
if ! build "$reference_project" "$work/build-reference.log"; then
    cat "$work/build-reference.log" >&2
    echo "the reference server does not build" >&2
    exit 1
fi

engine_built=0
if [[ " $targets " == *" engine-postgres "* ]]; then
    pg_connection="${BENCH_POSTGRES:-$(bash "$repo_root/scripts/start-postgres.sh")}"
    say "postgres: $(pg_field Host):$(pg_field Port), a database per run"
fi

if [[ " $targets " == *" engine"* || " $targets " == *" functions "* ]]; then
    say "building the engine (Release)"
    if build "$engine_project" "$work/build-engine.log" && [[ -f "$engine_dll" ]]; then
        engine_built=1
    fi
fi

make_body
say "delivery: issues.labeled, $(wc -c <"$work/body.json") bytes, signed with HMAC-SHA256; a new X-GitHub-Delivery per request"

for target in $targets; do
    bench_target "$target"
done

say ""
say "Summary (${duration}s per target, $threads wrk threads, $connections connections; acknowledged = answered 202)"
say "$(printf '%-15s %10s %10s %8s %10s %8s %8s %7s %9s %9s' target requests 202s non-202 acked/s 'p50 ms' 'p99 ms' errors 'cpu us/r' 'all us/r')"
for line in "${summary_rows[@]}"; do
    say "$line"
done
say ""
say "results: bench/results/$(basename "$results_file") (and .tsv)"

((failures == 0))
