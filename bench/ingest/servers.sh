#!/usr/bin/env bash
# Sourced by run.sh: the servers its targets start. Uses $reference_dll, $engine_dll and $secret.

# The one automation the engine's targets load: it matches the delivery, so each makes a session and a job.
write_automation() {
    mkdir -p "$1"
    cat >"$1/bench-autofix.yaml" <<'YAML'
name: bench-autofix
on:
  - github: { event: issues.labeled, where: { payload.label.name: autofix } }
repository: acme/web
agent: { use: demo }
instructions: "Fix {{ event.subject.title }}"
YAML
}

# Starts the target's server in the background; sets server_pid.
start_server() {
    local target="$1" port="$2" data="$3" log="$4"
    local url="http://127.0.0.1:$port"
    case "$target" in
        ceiling)
            dotnet "$reference_dll" ceiling --urls "$url" >"$log" 2>&1 &
            ;;
        floor)
            BENCH_WEBHOOK_SECRET="$secret" dotnet "$reference_dll" floor --urls "$url" --data-dir "$data" >"$log" 2>&1 &
            ;;
        engine)
            local automations="$data-automations"
            write_automation "$automations"
            Automations__Sources__GitHub__WebhookSecret="$secret" \
                Automations__Agents__demo__Command=/bin/true \
                Automations__Worker__Enabled=false \
                Automations__Api__Keys__0=bench-key \
                dotnet "$engine_dll" serve --urls "$url" --data-dir "$data" --automations "$automations" >"$log" 2>&1 &
            ;;
        functions)
            local automations="$data-automations"
            write_automation "$automations"
            FUNCTIONS_CUSTOMHANDLER_PORT="$port" \
                Automations__Sources__GitHub__WebhookSecret="$secret" \
                Automations__Agents__demo__Command=/bin/true \
                Automations__Api__Keys__0=bench-key \
                dotnet "$engine_dll" functions --data-dir "$data" --automations "$automations" >"$log" 2>&1 &
            ;;
        *)
            echo "unknown target: $target" >&2
            return 1
            ;;
    esac
    server_pid=$!
}
