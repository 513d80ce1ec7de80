namespace Automations.Core.Sessions;

/// <summary>A session as the API shows it (CONTRACT.md). Its status is the projection of its events.</summary>
public sealed record Session
{
    public required string Id { get; init; }

    public required string Automation { get; init; }

    public required string Status { get; init; }

    public string? Activity { get; init; }

    public string? Repository { get; init; }

    public string? Branch { get; init; }

    public PullRequestRef? PullRequest { get; init; }

    public required SessionTrigger Trigger { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public string? Error { get; init; }
}
