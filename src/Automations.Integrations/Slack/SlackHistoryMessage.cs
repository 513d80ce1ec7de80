namespace Automations.Integrations.Slack;

/// <summary>A message read back from a channel or a thread, with its metadata when it has some.</summary>
public sealed record SlackHistoryMessage(string Ts, string? ThreadTs, string? Text, SlackMetadata? Metadata);
