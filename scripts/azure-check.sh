#!/usr/bin/env bash
# Checks a deployed Automations app end to end: it signs a delivery to the app's deploy-check webhook as a
# provider would, and waits until the session it starts is done. That session goes through the Functions
# host's HTTP trigger, the Key Vault references, PostgreSQL, the Service Bus output and trigger, git and an
# agent process (infra/deploy-check: the agent changes nothing).
#
#   scripts/azure-check.sh -g <resource group> [-n <deployment>] [--timeout <seconds>]
#
# The app's URL and vault come from the deployment's outputs (deployment "automations", as
# scripts/azure-deploy.sh names it), the API key and the check's secret from the vault, which the one who
# deployed may read. Needs az (signed in), curl and openssl. Exits 0 when the session is done, 1 with what
# failed and where to look.
set -euo pipefail

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

group="" deployment="automations" timeout=600
while [ $# -gt 0 ]; do
  case "$1" in
    -g | --resource-group) group=$2; shift 2 ;;
    -n | --deployment) deployment=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "azure-check: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$group" ] || { usage >&2; exit 2; }
for tool in az curl openssl; do
  command -v "$tool" >/dev/null || { echo "azure-check: $tool is needed" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077
started=$(date +%s)
step() { printf '%4ss  %s\n' "$(($(date +%s) - started))" "$*"; }
fail() { step "FAILED: $*"; exit 1; }

output() { az deployment group show -g "$group" -n "$deployment" --query "properties.outputs.$1.value" -o tsv; }
url=$(output url) && vault=$(output keyVault) && app=$(output functionApp) ||
  fail "no deployment '$deployment' in resource group $group: deploy with scripts/azure-deploy.sh first"
url=${url%/}
secret() { az keyvault secret show --vault-name "$vault" -n "$1" --query value -o tsv; }
key=$(secret api-key) && check_secret=$(secret deploy-check-secret) ||
  fail "cannot read the vault $vault's secrets: scripts/azure-deploy.sh grants the one who deploys Key Vault Secrets Officer on it"
restart="az functionapp restart -g $group -n $app"
step "app $app at $url"

# One request: its status in $status, its body in $work/body. Headers come from a file, so that no key is
# on a command line.
request() {
  local method=$1 path=$2 headers=$3 body=${4:-}
  status=$(curl -sS -o "$work/body" -w '%{http_code}' --max-time 60 -X "$method" -H "@$headers" ${body:+--data-binary "@$body"} "$url$path" 2>"$work/curl") || status=000
}
printf 'Authorization: Bearer %s\n' "$key" >"$work/api"

# 1. The app answers /api with its key. Right after a deployment the first answer can take a minute or two.
deadline=$((started + (timeout < 300 ? timeout : 300)))
while request GET /api/automations "$work/api"; [ "$status" != 200 ]; do
  case "$status" in
    401) fail "/api refused the vault's API key: the app holds another value (a Key Vault reference is read again on a restart): $restart" ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] ||
    fail "/api answered $status (curl: $(cat "$work/curl")): the handler did not start. Its reason is in the app's logs (Application Insights, traces 'cannot start'); an unresolved Key Vault reference is named there"
  sleep 5
done
grep -q '"deploy-check"' "$work/body" ||
  fail "the app has no deploy-check automation: scripts/azure-deploy.sh puts infra/deploy-check into its definitions"
step "/api answers with the vault's API key; the deploy-check automation is loaded"

# 2. A delivery signed as Standard Webhooks does (webhook-id, -timestamp, -signature over id.timestamp.body).
id="deploy-check-$(date -u +%Y%m%dT%H%M%SZ)-$(openssl rand -hex 4)"
timestamp=$(date +%s)
printf '{"check":"%s"}' "$id" >"$work/delivery"
signature=$(printf '%s.%s.%s' "$id" "$timestamp" "$(cat "$work/delivery")" | openssl dgst -sha256 -hmac "$check_secret" -binary | openssl base64 -A)
printf 'Content-Type: application/json\nwebhook-id: %s\nwebhook-timestamp: %s\nwebhook-signature: v1,%s\n' "$id" "$timestamp" "$signature" >"$work/signed"
request POST /webhooks/custom/deploy-check "$work/signed" "$work/delivery"
case "$status" in
  202) ;;
  401) fail "the app refused the signature: it holds another deploy-check-secret than the vault (read again on a restart): $restart" ;;
  *) fail "the delivery was answered $status: $(cat "$work/body")" ;;
esac
session=$(sed -n 's/.*"sessions":\["\([^"]*\)".*/\1/p' "$work/body")
[ -n "$session" ] || fail "the delivery started no session: $(cat "$work/body")"
step "delivery $id accepted (202): session $session"

# 3. The session, until it is done (or ends otherwise, or the time is up).
deadline=$((started + timeout))
last=""
while :; do
  request GET "/api/sessions/$session" "$work/api"
  state=$(grep -o '"status":"[a-z_]*"' "$work/body" | head -n 1 | cut -d '"' -f 4 || true)
  if [ "$status" = 200 ] && [ "$state" != "$last" ]; then
    step "session $session: $state"
    last=$state
  fi
  case "$state" in
    done) break ;;
    merged | errored | killed | terminated | cleanup) fail "the session ended $state: $(cat "$work/body")" ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    case "$last" in
      queued | spawning) fail "no worker ran the session within ${timeout}s: the Service Bus trigger did not fire. Look at the queue and its dead-letter queue (az servicebus queue show -g $group --namespace-name \$(az deployment group show -g $group -n $deployment --query properties.outputs.serviceBusNamespace.value -o tsv) -n sessions) and the app's logs" ;;
      *) fail "the session is still $last after ${timeout}s: $(cat "$work/body")" ;;
    esac
  fi
  sleep 2
done
step "OK: a signed delivery to $url became session $session, done"
