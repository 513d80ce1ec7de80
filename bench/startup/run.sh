#!/usr/bin/env bash
# Start-up benchmark: how long a cold process takes to answer, and to answer its first delivery, for
#   reference      a bare ASP.NET Core app (bench-reference ceiling): the runtime's and Kestrel's own start
#   serve          automations serve on SQLite, a fresh data directory, one automation
#   functions      automations functions, the Azure Functions custom handler: its first invocation of github
#   serve-jit, functions-jit   the same, published without ReadyToRun
# Each is published self-contained for linux-x64, as scripts/azure-deploy.sh publishes the app, and the
# targets take turns, round after round, so that a slow stretch of the machine falls on all of them.
#
# Usage: bench/startup/run.sh [rounds]        (default 5; at most 50)
# Environment: BENCH_TARGETS (default: "reference serve serve-jit functions functions-jit")
#
# Per target: the median and the slowest of the time from exec to the first answer (GET /healthz 200; the
# handler: its port answering), of the first signed delivery's round trip, and of the second's.
set -euo pipefail

rounds="${1:-5}"
if ! [[ "$rounds" =~ ^[0-9]+$ ]] || ((rounds < 1 || rounds > 50)); then
    echo "usage: $0 [rounds]   (1..50, default 5)" >&2
    exit 2
fi
targets="${BENCH_TARGETS:-reference serve serve-jit functions functions-jit}"
for tool in dotnet curl openssl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required." >&2; exit 1; }
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

secret="$(openssl rand -hex 16)"
body_bytes=12288
# The ingest benchmark's delivery (body.sh reads its template from $script_dir), and its automation.
script_dir="$repo_root/bench/ingest"
# shellcheck source=../ingest/body.sh
source "$script_dir/body.sh"
# shellcheck source=../ingest/servers.sh
source "$script_dir/servers.sh"
make_body
# The Functions host's invocation of the github function, the same delivery inside (as bench/ingest/ingest.lua makes it).
escaped="$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$work/body.json")"

publish() {
    local project="$1" out="$2"
    shift 2
    if ! dotnet publish "$project" -c Release -r linux-x64 --self-contained -o "$out" --nologo -v q "$@" >"$out.log" 2>&1; then
        echo "publishing $project failed:" >&2
        tail -n 30 "$out.log" >&2
        exit 1
    fi
}

echo "Start-up benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $rounds round(s)"
echo "machine:  $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "publishing (Release, linux-x64, self-contained)..."
publish "$repo_root/bench/Automations.Bench.Reference" "$work/reference" -p:PublishReadyToRun=true
publish "$repo_root/src/Automations.Host" "$work/engine"
publish "$repo_root/src/Automations.Host" "$work/engine-jit" -p:PublishReadyToRun=false
write_automation "$work/automations"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Starts one target on a free port; sets server_pid, port, ready_path, delivery_path.
start() {
    local target="$1" data="$work/data-$RANDOM$RANDOM"
    port=$((20000 + RANDOM % 40000))
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((20000 + RANDOM % 40000)); done
    local engine="$work/engine"
    [[ "$target" == *-jit ]] && engine="$work/engine-jit"
    case "$target" in
        reference)
            "$work/reference/bench-reference" ceiling --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
            ready_path=/healthz delivery_path=/webhooks/github ;;
        serve | serve-jit)
            Automations__Sources__GitHub__WebhookSecret="$secret" Automations__Agents__demo__Command=/bin/true \
                Automations__Worker__Enabled=false Automations__Api__Keys__0=bench-key \
                "$engine/automations" serve --urls "http://127.0.0.1:$port" --data-dir "$data" --automations "$work/automations" >/dev/null 2>&1 &
            ready_path=/healthz delivery_path=/webhooks/github ;;
        functions | functions-jit)
            FUNCTIONS_CUSTOMHANDLER_PORT="$port" Automations__Sources__GitHub__WebhookSecret="$secret" \
                Automations__Agents__demo__Command=/bin/true Automations__Api__Keys__0=bench-key \
                "$engine/automations" functions --data-dir "$data" --automations "$work/automations" >/dev/null 2>&1 &
            ready_path=/ delivery_path=/github ;;
        *) echo "unknown target: $target" >&2; exit 2 ;;
    esac
    server_pid=$!
}

# One delivery's round trip in ms: signed as GitHub signs it, or inside the host's invocation.
deliver() {
    local target="$1" id
    id="$(openssl rand -hex 16 | sed -E 's/(.{8})(.{4})(.{4})(.{4})(.{12})/\1-\2-\3-\4-\5/')"
    if [[ "$target" == functions* ]]; then
        printf '{"Data":{"req":{"Url":"https://automations-app.example.net/webhooks/github","Method":"POST","Query":{},"Params":{},"Body":"%s","Headers":{"Content-Type":["application/json"],"X-GitHub-Event":["issues"],"X-Hub-Signature-256":["%s"],"X-GitHub-Delivery":["%s"]}}},"Metadata":{}}' \
            "$escaped" "$signature" "$id" >"$work/invocation.json"
        curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' --data-binary @"$work/invocation.json" "http://127.0.0.1:$port$delivery_path"
    else
        curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' -H 'X-GitHub-Event: issues' \
            -H "X-GitHub-Delivery: $id" -H "X-Hub-Signature-256: $signature" --data-binary @"$work/body.json" "http://127.0.0.1:$port$delivery_path"
    fi
}

declare -A ready first second
for round in $(seq 1 "$rounds"); do
    for target in $targets; do
        started="$(now_ms)"
        start "$target"
        until curl -s -o /dev/null -m 1 "http://127.0.0.1:$port$ready_path"; do
            kill -0 "$server_pid" 2>/dev/null || { echo "$target exited before it answered" >&2; exit 1; }
            (($(now_ms) - started < 60000)) || { echo "$target did not answer within 60 s" >&2; exit 1; }
            sleep 0.005
        done
        answered="$(now_ms)"
        read -r s1 t1 <<<"$(deliver "$target")"
        read -r s2 t2 <<<"$(deliver "$target")"
        kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
        [[ "$s1" == 2* && "$s2" == 2* ]] || { echo "$target answered $s1 and $s2 to its deliveries" >&2; exit 1; }
        ready[$target]+="$((answered - started)) "
        first[$target]+="$(awk -v t="$t1" 'BEGIN { printf "%.0f", t * 1000 }') "
        second[$target]+="$(awk -v t="$t2" 'BEGIN { printf "%.0f", t * 1000 }') "
        echo "round $round $target: answering after $((answered - started)) ms, first delivery $t1 s, second $t2 s"
    done
done

# "median slowest" of a list of numbers.
summary() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { printf "%6d %6d", v[int((NR + 1) / 2)], v[NR] }'; }
echo
echo "Summary ($rounds round(s); ms, median and slowest)"
printf '%-14s %13s %13s %13s\n' target answering "first delivery" second
for target in $targets; do
    printf '%-14s %13s %13s %13s\n' "$target" "$(summary "${ready[$target]}")" "$(summary "${first[$target]}")" "$(summary "${second[$target]}")"
done
