#!/bin/sh
# A stand-in for a coding agent: it reads its prompt, fixes the demo's spelling mistakes, and leaves
# notes. A real agent (Claude Code, Codex) gets the same prompt, workspace and environment.
set -eu
echo "Prompt ($AUTOMATIONS_PROMPT_FILE):"
cat "$AUTOMATIONS_PROMPT_FILE"
sed -i 's/speling/spelling/; s/Helo,/Hello,/' README.md greet.sh
{
  echo "# Session $AUTOMATIONS_SESSION_ID"
  echo
  cat "$AUTOMATIONS_PROMPT_FILE"
} > NOTES.md
echo "Changed: $(git status --short | tr '\n' ' ')"
