using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>
/// What an agent adapter reads out of the agent's own output. The runner turns these into session
/// events (<c>token</c>, <c>tool_start</c>, <c>tool_end</c>, <c>message_complete</c>) and into the
/// session's activity.
/// </summary>
public abstract record AgentEvent;

/// <summary>The agent started, and named its own session (Claude's <c>system/init</c>, Codex's <c>thread.started</c>).</summary>
public sealed record AgentStarted(string? AgentSessionId, string? Model) : AgentEvent;

/// <summary>Text the agent wrote, as it arrives.</summary>
public sealed record AgentText(string Text) : AgentEvent;

/// <summary>The agent's thinking, where it shows it, as it arrives.</summary>
public sealed record AgentThinking(string Text) : AgentEvent;

/// <summary>A tool call began. <paramref name="Id"/> pairs it with its <see cref="AgentToolEnd"/>.</summary>
public sealed record AgentToolStart(string Id, string Name, JsonElement? Input) : AgentEvent;

/// <summary>A tool call ended.</summary>
public sealed record AgentToolEnd(string Id, string? Name, bool IsError, string? Output) : AgentEvent;

/// <summary>
/// The agent asked a question, or was refused a permission: it waits for a person. <paramref name="Questions"/>
/// holds the questions with choices when it asked them so (<paramref name="Text"/> is then their rendering).
/// </summary>
public sealed record AgentQuestion(string Text, IReadOnlyList<StructuredQuestion>? Questions = null) : AgentEvent
{
    /// <summary>Structured questions, with their readable rendering as the text.</summary>
    public static AgentQuestion Of(IReadOnlyList<StructuredQuestion> questions) => new(StructuredQuestions.Render(questions), questions);

    /// <summary>What an agent wrote to its question file: structured questions when it is their JSON, else free text.</summary>
    public static AgentQuestion Read(string text) => StructuredQuestions.Parse(text) is { } questions ? Of(questions) : new(text);
}

/// <summary>The agent cannot go on for now (its model is unreachable, it retries): activity <c>blocked</c>.</summary>
public sealed record AgentBlocked(string Reason) : AgentEvent;

/// <summary>Output the adapter does not understand (stderr, plain lines): kept as a <c>token</c> on its stream.</summary>
public sealed record AgentLog(string Stream, string Text) : AgentEvent;

/// <summary>A line of the agent's output was longer than the engine keeps: its first bytes were kept, <paramref name="DroppedBytes"/> dropped.</summary>
public sealed record AgentOutputTruncated(string Stream, long DroppedBytes) : AgentEvent;

/// <summary>
/// The turn ended with the agent's own report: its session id (to resume), its cost and token use, how
/// many turns it took, its final text, and whether it ended in error.
/// </summary>
public sealed record AgentTurnComplete : AgentEvent
{
    public string? AgentSessionId { get; init; }

    public decimal? CostUsd { get; init; }

    public int? Turns { get; init; }

    public AgentUsage Usage { get; init; } = AgentUsage.None;

    public string? ResultText { get; init; }

    public bool IsError { get; init; }

    /// <summary>Tools the agent was refused, by name: the turn ended waiting for a person.</summary>
    public IReadOnlyList<string> PermissionDenials { get; init; } = [];
}

/// <summary>Tokens, as the agent reports them.</summary>
public sealed record AgentUsage(long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens)
{
    public static readonly AgentUsage None = new(0, 0, 0, 0);

    public AgentUsage Add(AgentUsage other) =>
        new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, CacheReadTokens + other.CacheReadTokens, CacheWriteTokens + other.CacheWriteTokens);
}
