#!/usr/bin/env bash
# The Bicep CLI from its NuGet package (tools/bicep), restored into the NuGet cache on first use: runs it with
# the given arguments, or with --path prints where it is.
set -euo pipefail

bicep=$(
  cd "$(dirname "$0")/.."
  project=tools/bicep/bicep.csproj
  dotnet restore "$project" --verbosity quiet >/dev/null
  root=$(dotnet msbuild "$project" -getProperty:NuGetPackageRoot)
  version=$(dotnet msbuild "$project" -getProperty:BicepVersion)
  echo "${root%/}/azure.bicep.commandline.linux-x64/${version}/tools/bicep"
)
chmod +x "$bicep"

if [ "${1:-}" = "--path" ]; then
  echo "$bicep"
else
  exec "$bicep" "$@"
fi
