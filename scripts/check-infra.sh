#!/usr/bin/env bash
# Builds and lints infra/main.bicep with the Bicep CLI (from its NuGet package, restored into the NuGet cache):
# the templates' resource types and properties are checked against Azure's published schemas. Fails on an
# error or any linter warning.
set -euo pipefail
cd "$(dirname "$0")/.."

project=tools/bicep/bicep.csproj
dotnet restore "$project" --verbosity quiet >/dev/null
root=$(dotnet msbuild "$project" -getProperty:NuGetPackageRoot)
version=$(dotnet msbuild "$project" -getProperty:BicepVersion)
bicep="${root%/}/azure.bicep.commandline.linux-x64/${version}/tools/bicep"
chmod +x "$bicep"

"$bicep" build infra/main.bicep --stdout >/dev/null
warnings=$("$bicep" lint infra/main.bicep 2>&1 || true)
if [ -n "$warnings" ]; then
  echo "$warnings" >&2
  exit 1
fi
echo "infra/main.bicep: builds, no linter warnings (Bicep ${version})"
