namespace Automations.Core.Work;

/// <summary>One turn: its prompt, the inbox position it takes, the agent session it resumes, and whether the workspace starts clean.</summary>
internal sealed record Turn(string Text, long? HandledSeq, string? Resume, bool FreshWorkspace);
