#!/usr/bin/env bash
# Builds and lints infra/main.bicep (and the rules it imports) with the Bicep CLI (scripts/bicep.sh): the
# templates' resource types and properties are checked against Azure's published schemas. Fails on an error
# or any linter warning.
set -euo pipefail
cd "$(dirname "$0")/.."

bicep=$(bash scripts/bicep.sh --path)
"$bicep" build infra/main.bicep --stdout >/dev/null
for file in infra/*.bicep; do
  warnings=$("$bicep" lint "$file" 2>&1 || true)
  if [ -n "$warnings" ]; then
    echo "$warnings" >&2
    exit 1
  fi
done
echo "infra: builds, no linter warnings ($("$bicep" --version))"
