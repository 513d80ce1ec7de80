namespace Automations.Host.Tests;

/// <summary>
/// A stand-in for Claude Code: a script that takes Claude's arguments (logged to <c>$HOME/args.log</c>),
/// appends its prompt to WORK.md, and prints Claude's stream-json, reporting the cost in <c>$STAND_IN_COST</c>.
/// </summary>
public static class ClaudeStandIn
{
    public const string CostVariable = "STAND_IN_COST";

    public const string Script = """
        echo "$@" >> "$HOME/args.log"
        prompt=$(cat)
        sid=""
        prev=""
        for a in "$@"; do
          if [ "$prev" = "--session-id" ] || [ "$prev" = "--resume" ]; then sid="$a"; fi
          prev="$a"
        done
        echo "$prompt" >> WORK.md
        printf '{"type":"system","subtype":"init","session_id":"%s","model":"stand-in","tools":["Write"]}\n' "$sid"
        printf '{"type":"assistant","session_id":"%s","message":{"role":"assistant","content":[{"type":"text","text":"On it."},{"type":"tool_use","id":"toolu_1","name":"Write","input":{"file_path":"WORK.md"}}]}}\n' "$sid"
        printf '{"type":"user","session_id":"%s","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"written","is_error":false}]}}\n' "$sid"
        printf '{"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"Done.","session_id":"%s","total_cost_usd":%s,"usage":{"input_tokens":1200,"output_tokens":300,"cache_read_input_tokens":0,"cache_creation_input_tokens":0},"permission_denials":[]}\n' "$sid" "$STAND_IN_COST"
        """;
}
