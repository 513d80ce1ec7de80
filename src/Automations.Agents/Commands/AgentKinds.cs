namespace Automations.Agents.Commands;

public static class AgentKinds
{
    public const string Command = "command";
    public const string ClaudeCode = "claude-code";
    public const string Codex = "codex";
}
