namespace Automations.Core.Sessions;

/// <summary>What the agent is doing, from its own output and its process (ARCHITECTURE.md, "Sessions").</summary>
public static class SessionActivity
{
    /// <summary>Output is flowing, or a tool call is running.</summary>
    public const string Active = "active";

    /// <summary>The turn is finished and the agent is alive.</summary>
    public const string Ready = "ready";

    /// <summary>No output past the idle threshold, and no tool call running.</summary>
    public const string Idle = "idle";

    /// <summary>The agent asked a question or was refused a permission.</summary>
    public const string WaitingInput = "waiting_input";

    /// <summary>The agent hit an error it is waiting out (its model is unreachable, say).</summary>
    public const string Blocked = "blocked";

    /// <summary>The agent's process has ended.</summary>
    public const string Exited = "exited";
}
