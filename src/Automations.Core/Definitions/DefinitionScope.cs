namespace Automations.Core.Definitions;

/// <summary>
/// What a connected repository's definitions may do (<c>Automations:Repositories:N</c>): they act on the
/// repository itself, or on those <see cref="AllowTargets"/> lists; their GitHub triggers fire for its own
/// events only; other sources' triggers load only where a grant allows them.
/// </summary>
public sealed record DefinitionScope
{
    /// <summary><c>owner/name</c>: names are qualified by it (<c>acme/web/fix</c>), and <c>repository:</c> defaults to it.</summary>
    public required string Repository { get; init; }

    /// <summary>Where in the configuration this repository is set, such as <c>Automations:Repositories:0</c>; errors name it.</summary>
    public string Setting { get; init; } = "Automations:Repositories";

    /// <summary>Other repositories its definitions may name in <c>repository:</c>.</summary>
    public IReadOnlyList<string> AllowTargets { get; init; } = [];

    /// <summary>Sentry projects (slugs) its <c>sentry</c> triggers may listen to.</summary>
    public IReadOnlyList<string> Sentry { get; init; } = [];

    /// <summary>Linear team keys its <c>linear</c> triggers may listen to.</summary>
    public IReadOnlyList<string> Linear { get; init; } = [];

    /// <summary>Slack channel ids its <c>slack</c> triggers may listen to.</summary>
    public IReadOnlyList<string> Slack { get; init; } = [];

    /// <summary>Custom webhook endpoints its <c>webhook</c> triggers may declare.</summary>
    public IReadOnlyList<string> Webhooks { get; init; } = [];

    /// <summary>Whether its definitions may have <c>schedule</c> triggers.</summary>
    public bool Schedules { get; init; }

    /// <summary>Whether a definition of this repository may act on <paramref name="target"/> (ignoring case).</summary>
    public bool MayTarget(string target) =>
        target.Equals(Repository, StringComparison.OrdinalIgnoreCase) || AllowTargets.Contains(target, StringComparer.OrdinalIgnoreCase);
}
