namespace Automations.Host.Dashboard;

/// <summary>One block of a session's page: text the agent wrote, a tool call, a prompt, a message, a status.</summary>
/// <param name="Kind"><c>text</c>, <c>thinking</c>, <c>log</c>, <c>tool</c>, <c>prompt</c>, <c>message</c>, <c>question</c>, <c>status</c> or <c>note</c>.</param>
/// <param name="Seq">The sequence number of the block's first event.</param>
/// <param name="Title">A tool's name, a message's sender, a status; empty for text.</param>
/// <param name="Text">The text, a tool's input, a note's summary.</param>
/// <param name="Output">A tool's output, once it ended; null before.</param>
/// <param name="ToolId">A tool call's id, which its end event names.</param>
/// <param name="IsError">A tool call that failed.</param>
public sealed record TranscriptItem(string Kind, long Seq, string Title, string Text, string? Output = null, string? ToolId = null, bool IsError = false);
