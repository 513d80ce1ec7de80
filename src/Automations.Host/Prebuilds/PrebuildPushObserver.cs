using System.Text.RegularExpressions;
using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Work;
using Automations.Host.Definitions;

namespace Automations.Host.Prebuilds;

/// <summary>
/// A GitHub <c>push</c> to a base branch starts the next prebuild in the background, before any session asks:
/// for each automation in force whose <c>repository</c>, rendered for the push, is the pushed repository, whose
/// <c>base</c> is the pushed branch, and which has a prebuild (its own <c>prebuild:</c>, else its repository's
/// <c>Automations:Repositories:N:Prebuild</c>), the prebuild at the pushed commit is asked of the
/// <see cref="PrebuildQueue"/>. Nothing here waits for git: the webhook's answer is not held up. A redelivery
/// asks again, and the build finds the prebuild ready (or its failure recorded) and builds nothing.
/// </summary>
public sealed partial class PrebuildPushObserver(IDefinitionCatalog definitions, IPrebuilds prebuilds, PrebuildQueue queue, string gitUrl, ILogger<PrebuildPushObserver> logger) : IEventObserver
{
    // The pushed repository is compared with the one a session of the automation would name (GitHub's names
    // without regard to case): a repository on this machine, named by its folder alone, is never a GitHub push's.
    public Task ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        if (DefinitionPush.ToBranch(triggerEvent) is not { } push || !CommitName().IsMatch(push.After))
        {
            return Task.CompletedTask;
        }

        foreach (var definition in definitions.Current.Definitions.Where(d => d.Enabled && d.Base == push.Branch))
        {
            var repository = DefinitionRendering.RepositoryUrl(definition, DefinitionRendering.Context(triggerEvent, definition, string.Empty, null), gitUrl);
            if (repository.Text is not { } url || !string.Equals(SessionRunner.RepositoryName(url, gitUrl), push.Repository, StringComparison.OrdinalIgnoreCase)
                || IPrebuilds.Chosen(prebuilds, definition.Prebuild, url) is not { } prebuild)
            {
                continue;
            }

            Log.Requested(logger, push.After[..12], push.Repository, push.Branch, definition.Name);
            queue.Request(url, new PrebuildRequest(definition.Agent.Use, prebuild.Commands, prebuild.Paths, definition.SetupTimeout), push.After, definition.Name);
        }

        return Task.CompletedTask;
    }

    [GeneratedRegex("^(?:[0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitName();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "The push of {Commit} to {Repository} ({Branch}) asks for the next prebuild of automation {Automation}")]
        public static partial void Requested(ILogger logger, string commit, string repository, string branch, string automation);
    }
}
