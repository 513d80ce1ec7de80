#!/usr/bin/env bash
# Deploys Automations to Azure Functions in one command: the resource group and the resource providers it needs,
# the resources of infra/main.bicep (created or brought up to date), the secrets in its Key Vault, and the app
# itself (published, with its definitions and the deployment check), then restarts the app so that it reads
# every secret again.
#
#   scripts/azure-deploy.sh -g <resource group> -n <app name> [-l <location>] [-d <definitions folder>]
#       [--secret <SETTING>]... [--setting <SETTING>=<value>]... [--parameter <name>=<value>]... [--package <folder>]
#
# -l            the region, for a resource group that does not exist yet (it must offer Flex Consumption).
# -d            the automation definitions to ship (their *.yaml files and what sits beside them).
# --secret      an app setting read from Key Vault: its value comes from the environment variable of that name
#               (export Automations__GitHub__Token=...; --secret Automations__GitHub__Token). Kept from one
#               deployment to the next unless given again.
# --setting     an app setting that is not secret (Automations__PublicUrl=https://...).
# --parameter   any other parameter of infra/main.bicep (postgresSku=Standard_D2ds_v5, maximumInstanceCount=100).
# --package     an app published already (dotnet publish src/Automations.Host -c Release -r linux-x64
#               --self-contained -o <folder>); without it, this publishes one.
#
# The API key, the deployment check's secret and PostgreSQL's password are generated on the first deployment
# and kept in the vault; the one who deploys is granted Key Vault Secrets Officer on it. Nothing secret is put
# on a command line or printed. Needs az (signed in), openssl and zip, and the .NET SDK unless --package.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "azure-deploy: $*" >&2; exit "${code:-1}"; }

group="" name="" location="" definitions="" package=""
secret_names=() settings=() parameters=()
while [ $# -gt 0 ]; do
  case "$1" in
    -g | --resource-group) group=$2; shift 2 ;;
    -n | --name) name=$2; shift 2 ;;
    -l | --location) location=$2; shift 2 ;;
    -d | --definitions) definitions=$2; shift 2 ;;
    --secret) secret_names+=("$2"); shift 2 ;;
    --setting) settings+=("$2"); shift 2 ;;
    --parameter) parameters+=("$2"); shift 2 ;;
    --package) package=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) code=2 die "unknown argument $1 (see --help)" ;;
  esac
done
[ -n "$group" ] && [ -n "$name" ] || { usage >&2; exit 2; }

# The template refuses these too; saying it here saves a round trip to Azure.
[[ "$name" =~ ^[A-Za-z][A-Za-z0-9-]{1,38}[A-Za-z0-9]$ ]] ||
  code=2 die "the app name '$name' is not 3-40 letters, digits and hyphens, starting with a letter and ending with a letter or a digit"
for setting in ${secret_names[@]+"${secret_names[@]}"}; do
  [[ "$setting" =~ ^[A-Za-z_][A-Za-z0-9_.]*$ ]] || code=2 die "--secret $setting is not an app setting name"
  [ -n "${!setting:-}" ] || code=2 die "--secret $setting: set $setting in the environment to its value"
done
[ -n "$definitions" ] && [ ! -d "$definitions" ] && code=2 die "no definitions folder $definitions"
tools=(az openssl zip)
[ -n "$package" ] || tools+=(dotnet)
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || code=2 die "$tool is needed"; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077
lower=$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')
say() { echo "azure-deploy: $*"; }

az account show --query id -o tsv >/dev/null 2>&1 || die "az is not signed in: az login"

# The resource group, and a region that offers Flex Consumption.
existing=$(az group show -n "$group" --query location -o tsv 2>/dev/null || true)
if [ -n "$existing" ]; then
  [ -z "$location" ] || [ "$location" = "$existing" ] || die "resource group $group is in $existing, not $location"
  location=$existing
else
  [ -n "$location" ] || code=2 die "resource group $group does not exist: give its region with -l"
fi
flex=$(az functionapp list-flexconsumption-locations --query "[].name" -o tsv 2>/dev/null | tr -d ' ' | tr '[:upper:]' '[:lower:]' || true)
if [ -n "$flex" ] && ! grep -qx "$(printf '%s' "$location" | tr -d ' ' | tr '[:upper:]' '[:lower:]')" <<<"$flex"; then
  die "Flex Consumption is not offered in $location; regions that offer it: $(echo $flex)"
fi
[ -n "$existing" ] || az group create -n "$group" -l "$location" -o none

# The resource providers of the template, registered once per subscription.
registered=$(az provider list --query "[?registrationState=='Registered'].namespace" -o tsv)
for provider in Microsoft.Web Microsoft.ServiceBus Microsoft.DBforPostgreSQL Microsoft.KeyVault Microsoft.ManagedIdentity \
  Microsoft.OperationalInsights Microsoft.Insights Microsoft.Storage; do
  grep -qix "$provider" <<<"$registered" || { say "registering $provider in the subscription"; az provider register -n "$provider" --wait -o none; }
done

# Who deploys: granted Key Vault Secrets Officer, to keep the secrets from one deployment to the next.
if [ "$(az account show --query user.type -o tsv)" = "servicePrincipal" ]; then
  deployer=$(az ad sp show --id "$(az account show --query user.name -o tsv)" --query id -o tsv) deployer_type=ServicePrincipal
else
  deployer=$(az ad signed-in-user show --query id -o tsv) deployer_type=User
fi

# The secrets: kept from the vault of an earlier deployment, given in the environment, or generated. (Two
# lists rather than an associative array, for the bash 3 of macOS.)
value_names=() value_data=()
set_value() {
  local i
  for i in ${value_names[@]+"${!value_names[@]}"}; do
    if [ "${value_names[$i]}" = "$1" ]; then value_data[$i]=$2; return; fi
  done
  value_names+=("$1") value_data+=("$2")
}
tag="$group/$lower"
vault=$(az keyvault list -g "$group" --query "[?tags.\"automations-deployment\"=='$tag'].name | [0]" -o tsv 2>/dev/null || true)
recover=false
if [ -n "$vault" ]; then
  say "keeping the secrets of vault $vault"
  read_secret() { az keyvault secret show --vault-name "$vault" -n "$1" --query value -o tsv 2>/dev/null || true; }
  api_key=$(read_secret api-key)
  check_secret=$(read_secret deploy-check-secret)
  password=$(read_secret postgres-admin-password)
  while IFS=$'\t' read -r setting secret; do
    [ -z "$setting" ] || set_value "$setting" "$(read_secret "$secret")"
  done < <(az keyvault secret list --vault-name "$vault" --query "[?tags.setting].[tags.setting, name]" -o tsv)
else
  deleted=$(az keyvault list-deleted --resource-type vault --query "[?properties.tags.\"automations-deployment\"=='$tag'].name | [0]" -o tsv 2>/dev/null || true)
  if [ -n "$deleted" ]; then
    say "recovering the soft-deleted vault $deleted (its resource group was deleted); its secrets are written anew"
    recover=true
  fi
fi
[ -n "${api_key:-}" ] || api_key=$(openssl rand -hex 32)
[ -n "${check_secret:-}" ] || check_secret=$(openssl rand -hex 32)
# Upper and lower case, digits and a symbol: what Azure asks of a PostgreSQL password.
[ -n "${password:-}" ] || password="Aa1-$(openssl rand -hex 16)"
for setting in ${secret_names[@]+"${secret_names[@]}"}; do set_value "$setting" "${!setting}"; done

# The parameters, in a file only this user may read, removed on exit.
json() {
  local s=$1
  s=${s//\\/\\\\} s=${s//\"/\\\"} s=${s//$'\n'/\\n} s=${s//$'\r'/\\r} s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}
{
  printf '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#","contentVersion":"1.0.0.0","parameters":{'
  printf '"name":{"value":%s},"location":{"value":%s}' "$(json "$name")" "$(json "$location")"
  printf ',"postgresAdminPassword":{"value":%s},"apiKey":{"value":%s},"deployCheckSecret":{"value":%s}' "$(json "$password")" "$(json "$api_key")" "$(json "$check_secret")"
  printf ',"deployerPrincipalId":{"value":%s},"deployerPrincipalType":{"value":%s},"recoverKeyVault":{"value":%s}' "$(json "$deployer")" "$(json "$deployer_type")" "$recover"
  separator="" && printf ',"secretSettings":{"value":['
  for i in ${value_names[@]+"${!value_names[@]}"}; do printf '%s%s' "$separator" "$(json "${value_names[$i]}")"; separator=","; done
  separator="" && printf ']},"secretValues":{"value":{'
  for i in ${value_names[@]+"${!value_names[@]}"}; do printf '%s%s:%s' "$separator" "$(json "${value_names[$i]}")" "$(json "${value_data[$i]}")"; separator=","; done
  separator="" && printf '}},"settings":{"value":{'
  for setting in ${settings[@]+"${settings[@]}"}; do printf '%s%s:%s' "$separator" "$(json "${setting%%=*}")" "$(json "${setting#*=}")"; separator=","; done
  printf '}}}}\n'
} >"$work/parameters.json"

say "deploying infra/main.bicep to $group ($location)"
extra=()
for parameter in ${parameters[@]+"${parameters[@]}"}; do extra+=(--parameters "$parameter"); done
outputs=$(az deployment group create -g "$group" -n automations -f infra/main.bicep --parameters "@$work/parameters.json" ${extra[@]+"${extra[@]}"} \
  --query "[properties.outputs.functionApp.value, properties.outputs.url.value, properties.outputs.keyVault.value, properties.outputs.postgresServer.value]" -o tsv) ||
  die "the deployment failed (above: Azure's reason; a 'Refused: ...' is the template's own rule)"
read -r app url vault server <<<"$(echo $outputs)"

# The app: published (or given), with the definitions and the deployment check in definitions/.
if [ -n "$package" ]; then
  cp -R "$package/." "$work/app"
else
  say "publishing the app (linux-x64, self-contained)"
  dotnet publish src/Automations.Host -c Release -r linux-x64 --self-contained -o "$work/app" --nologo -v quiet >/dev/null
fi
[ -f "$work/app/host.json" ] || die "$package is not a published Functions app: it has no host.json"
mkdir -p "$work/app/definitions"
[ -z "$definitions" ] || cp -R "$definitions/." "$work/app/definitions/"
cp -R infra/deploy-check/. "$work/app/definitions/"
(cd "$work/app" && zip -qr ../app.zip .)
say "uploading the app to $app"
az functionapp deployment source config-zip -g "$group" -n "$app" --src "$work/app.zip" -o none
az functionapp restart -g "$group" -n "$app" -o none

say "deployed $app at $url (PostgreSQL: $server)"
say "webhooks: $url/webhooks/github (sentry, linear, slack, custom/<endpoint>); API: $url/api (key: az keyvault secret show --vault-name $vault -n api-key --query value -o tsv)"
say "check it end to end: scripts/azure-check.sh -g $group"
