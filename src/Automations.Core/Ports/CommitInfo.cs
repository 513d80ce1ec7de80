namespace Automations.Core.Ports;

public sealed record CommitInfo(string Message, string AuthorName, string AuthorEmail);
