using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>A session made by hand or cloned: everything its runs need is known at creation.</summary>
public sealed record SessionSeed
{
    public required string Id { get; init; }

    public required string Automation { get; init; }

    public required SessionTrigger Trigger { get; init; }

    public required string Repository { get; init; }

    public required string RepositoryUrl { get; init; }

    public required string Base { get; init; }

    public required string Branch { get; init; }

    public required string Agent { get; init; }
}
