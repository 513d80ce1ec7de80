#!/usr/bin/env bash
# Installs the real Claude Code and Codex command lines (pinned in tools/agents/package.json) into
# tools/agents/node_modules, for the tests that drive them against scripted models. Safe to run again.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/tools/agents"
if [ -x "$dir/node_modules/.bin/claude" ] && [ -x "$dir/node_modules/.bin/codex" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-agents: npm is not installed; install Node.js 20 or later" >&2
  exit 1
fi
npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --loglevel=error >&2
"$dir/node_modules/.bin/claude" --version >&2
"$dir/node_modules/.bin/codex" --version >&2
