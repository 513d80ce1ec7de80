namespace Automations.Testing.Models;

/// <summary>What a scripted model sees of one request of the agent's conversation.</summary>
/// <param name="WorkingDirectory">The agent's working directory, as its system prompt names it.</param>
/// <param name="Prompt">The last text a person (or the engine) wrote in the conversation.</param>
/// <param name="AfterToolResult">True when the request carries the result of the model's last tool call.</param>
/// <param name="ToolResults">The tool results of the last message, if any.</param>
/// <param name="Messages">How many messages (or input items) the conversation holds: a resumed one holds its history.</param>
public sealed record ModelRequest(string? WorkingDirectory, string Prompt, bool AfterToolResult, IReadOnlyList<string> ToolResults, int Messages);

/// <summary>One step of a scripted model's answer.</summary>
public abstract record ModelStep;

/// <summary>Text, streamed as it would be.</summary>
public sealed record Say(string Text) : ModelStep;

/// <summary>A tool call; <paramref name="Input"/> is serialized as the call's JSON input.</summary>
public sealed record Call(string Tool, object Input) : ModelStep;

/// <summary>Keeps the response open, sending nothing more, until the agent goes away.</summary>
public sealed record Hang : ModelStep;

/// <summary>How a scripted model answers a request.</summary>
public delegate IReadOnlyList<ModelStep> ModelScript(ModelRequest request);
