namespace Automations.Integrations.GitHub;

/// <summary>What <c>PATCH .../pulls/{number}</c> changes; null leaves a field as it is.</summary>
public sealed record PullRequestUpdate
{
    public string? Title { get; init; }

    public string? Body { get; init; }

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public string? State { get; init; }
}
