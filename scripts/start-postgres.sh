#!/usr/bin/env bash
# Starts a local PostgreSQL for tests and benchmarks, and prints an Npgsql connection string for it.
# Run as root on Debian or Ubuntu: installs the `postgresql` package when it is missing, creates and
# starts the newest installed version's `main` cluster, and creates the role `automations` (allowed to
# create databases: each test class makes its own) and its database. The role's password is random,
# made on the first run and kept (readable by root only) for the next, so runs side by side agree.
#   export AUTOMATIONS_TEST_POSTGRES="$(bash scripts/start-postgres.sh)"
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')

for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || { echo "PostgreSQL $version did not start on port $port" >&2; exit 1; }

password_file=/var/lib/postgresql/.automations-test-password
if [ ! -s "$password_file" ]; then
  (umask 077; head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$password_file")
fi
password=$(cat "$password_file")
runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 -v password="$password" >&2 <<'SQL'
SELECT format('CREATE ROLE automations LOGIN CREATEDB PASSWORD %L', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'automations') \gexec
SELECT format('ALTER ROLE automations LOGIN CREATEDB PASSWORD %L', :'password') \gexec
SELECT 'CREATE DATABASE automations OWNER automations'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'automations') \gexec
SQL

echo "Host=127.0.0.1;Port=${port};Username=automations;Password=${password};Database=automations"
