using Automations.Core.Definitions;
using Automations.Core.Work;

namespace Automations.Host.Configuration;

/// <summary>
/// <c>Automations:Repositories:N</c>: a connected repository, whose <c>.automations/*.yaml</c> on its branch
/// are definitions, and what they may do besides acting on it.
/// </summary>
public sealed class RepositoryOptions
{
    /// <summary><c>owner/name</c> (under <c>Automations:GitHub:GitUrl</c>) or a git URL.</summary>
    public string? Repository { get; set; }

    /// <summary>The branch whose definitions are in force. Default: the remote's default branch.</summary>
    public string? Branch { get; set; }

    /// <summary>Other repositories (<c>owner/name</c>) its definitions may name in <c>repository:</c>.</summary>
    public IList<string> AllowTargets { get; set; } = new List<string>();

    /// <summary>Sentry projects (slugs) its <c>sentry</c> triggers may listen to.</summary>
    public IList<string> Sentry { get; set; } = new List<string>();

    /// <summary>Linear team keys its <c>linear</c> triggers may listen to.</summary>
    public IList<string> Linear { get; set; } = new List<string>();

    /// <summary>Slack channel ids its <c>slack</c> triggers may listen to.</summary>
    public IList<string> Slack { get; set; } = new List<string>();

    /// <summary>Custom webhook endpoints its <c>webhook</c> triggers may declare.</summary>
    public IList<string> Webhooks { get; set; } = new List<string>();

    /// <summary>Whether its definitions may have <c>schedule</c> triggers. Default false.</summary>
    public bool Schedules { get; set; }

    /// <summary>A prebuild for every automation acting on this repository without one of its own; null for none.</summary>
    public RepositoryPrebuildOptions? Prebuild { get; set; }

    /// <summary><c>owner/name</c> of a repository setting: itself, or the last two parts of a URL.</summary>
    public static string NameOf(string repository) => SessionRunner.RepositoryName(repository.Trim().Replace(':', '/'));

    /// <summary>What this repository's definitions may do; <paramref name="setting"/> is where it is configured.</summary>
    public DefinitionScope Scope(string setting) => new()
    {
        Repository = NameOf(Repository!),
        Setting = setting,
        AllowTargets = [.. AllowTargets.Select(NameOf)],
        Sentry = [.. Sentry],
        Linear = [.. Linear],
        Slack = [.. Slack],
        Webhooks = [.. Webhooks],
        Schedules = Schedules,
    };
}
