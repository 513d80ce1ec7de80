#!/usr/bin/env bash
# Sourced by run.sh: the servers its targets start. Uses $reference_dll, $engine_dll and $secret, and for
# engine-postgres $pg_connection (an Npgsql connection string with Host, Port, Username, Password, Database).

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
    # On $server_cpus when set (BENCH_SERVER_CPUS); taskset runs the server in its own process.
    local -a pin=()
    if [[ -n "${server_cpus:-}" ]]; then
        pin=(taskset -c "$server_cpus")
    fi
    case "$target" in
        ceiling)
            "${pin[@]}" dotnet "$reference_dll" ceiling --urls "$url" >"$log" 2>&1 &
            ;;
        floor)
            BENCH_WEBHOOK_SECRET="$secret" "${pin[@]}" dotnet "$reference_dll" floor --urls "$url" --data-dir "$data" >"$log" 2>&1 &
            ;;
        engine)
            start_engine "$url" "$data" "$log"
            ;;
        engine-postgres)
            # A database of its own for each run, dropped when the server stops (stop_database).
            pg_database="bench_ingest_$(openssl rand -hex 4)"
            pg_sql "CREATE DATABASE $pg_database"
            start_engine "$url" "$data" "$log" Automations__Store__Provider=postgres \
                Automations__Store__ConnectionString="$(sed "s/Database=[^;]*/Database=$pg_database/" <<<"$pg_connection")"
            ;;
        functions)
            local automations="$data-automations"
            write_automation "$automations"
            FUNCTIONS_CUSTOMHANDLER_PORT="$port" \
                Automations__Sources__GitHub__WebhookSecret="$secret" \
                Automations__Agents__demo__Command=/bin/true \
                Automations__Api__Keys__0=bench-key \
                "${pin[@]}" dotnet "$engine_dll" functions --data-dir "$data" --automations "$automations" >"$log" 2>&1 &
            ;;
        *)
            echo "unknown target: $target" >&2
            return 1
            ;;
    esac
    server_pid=$!
}

# The engine's serve, ingest only (the worker disabled), with the store's settings given after the log, if any;
# on start_server's pin.
start_engine() {
    local url="$1" data="$2" log="$3" automations="$2-automations"
    shift 3
    write_automation "$automations"
    env "$@" Automations__Sources__GitHub__WebhookSecret="$secret" \
        Automations__Agents__demo__Command=/bin/true \
        Automations__Worker__Enabled=false \
        Automations__Api__Keys__0=bench-key \
        "${pin[@]}" dotnet "$engine_dll" serve --urls "$url" --data-dir "$data" --automations "$automations" >"$log" 2>&1 &
}

# One field of $pg_connection ("Host", "Port", ...); empty when it has none.
pg_field() {
    tr ';' '\n' <<<"$pg_connection" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'
}

# Runs one statement on the server of $pg_connection, in its database.
pg_sql() {
    local port
    port="$(pg_field Port)"
    PGPASSWORD="$(pg_field Password)" psql -qAt -v ON_ERROR_STOP=1 -h "$(pg_field Host)" -p "${port:-5432}" \
        -U "$(pg_field Username)" -d "$(pg_field Database)" -c "$1" >/dev/null
}

# Drops the database engine-postgres made, if it made one (after its server stopped).
stop_database() {
    if [[ -n "${pg_database:-}" ]]; then
        pg_sql "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" || true
        pg_database=""
    fi
}
