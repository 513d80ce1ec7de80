using Automations.Agents.Workspaces;
using Automations.Core.Definitions;
using Automations.Core.Ports;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// Reads a pull request's automations at its head commit from the mirror, as <c>validate</c> reads a folder:
/// every definition file under <c>.automations/</c> is parsed into one set (so a name taken by another file
/// is a problem too), and the problems and automations of the files the pull request changes are the
/// review's. Null when the pull request changes no definition file.
/// </summary>
public sealed class DefinitionReview(PullRequestFiles files, IDeliveryStore deliveries, IReadOnlyCollection<string> agents, TimeProvider time)
{
    /// <summary>Where a repository's automations live.</summary>
    public const string Folder = ".automations/";

    public async Task<CheckRunReport?> ReviewAsync(string repositoryUrl, DefinitionCheck check, int deliveryCount, Uri? consoleUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var mirror = await files.FetchAsync(repositoryUrl, check.PullNumber, cancellationToken);
        var changed = (await files.ChangedAsync(mirror, check.BaseSha, check.HeadSha, Folder, cancellationToken)).Where(IsDefinition).ToList();
        if (changed.Count == 0)
        {
            return null;
        }

        var parsed = new List<(string File, DefinitionParseResult Result)>();
        foreach (var path in (await files.ListAsync(mirror, check.HeadSha, Folder, cancellationToken)).Where(IsDefinition))
        {
            parsed.Add((path, DefinitionParser.Parse(path, await files.ReadAsync(mirror, check.HeadSha, path, cancellationToken), agents)));
        }

        var set = DefinitionSet.Create(parsed);
        var problems = set.AllErrors.Where(e => changed.Contains(e.File, StringComparer.Ordinal)).ToList();
        var mine = set.Definitions.Where(d => changed.Contains(d.SourceFile, StringComparer.Ordinal)).ToList();
        var events = mine.Count == 0 ? new StoredEvents([], StoredEvents.MinimumSpan) : await StoredEvents.LoadAsync(deliveries, deliveryCount, cancellationToken);
        var now = time.GetUtcNow();
        return new CheckRunReport(changed, problems, [.. mine.Select(d => DryRun.Of(d, set, events, now))], events, consoleUrl);
    }

    private static bool IsDefinition(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
