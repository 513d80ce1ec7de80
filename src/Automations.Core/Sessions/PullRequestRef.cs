namespace Automations.Core.Sessions;

public sealed record PullRequestRef(long Number, string Url);
