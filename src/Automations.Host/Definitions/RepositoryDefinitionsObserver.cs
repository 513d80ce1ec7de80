using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Storage;

namespace Automations.Host.Definitions;

/// <summary>
/// The webhook path's part in keeping repositories' definitions current. A push that touches
/// <c>.automations/</c> on a connected repository's branch is recorded for every instance to load. A change to
/// the GitHub App's installation (<c>installation</c>, <c>installation_repositories</c>) makes the repositories
/// be looked up again. Either way this instance's loop (when it has one) is woken; the answer does not wait
/// for git. Should the record fail, the delivery is still taken: the hourly fetch brings the change.
/// </summary>
public sealed partial class RepositoryDefinitionsObserver(RepositoryDefinitions definitions, RepositoryDefinitionsLoop? loop, ILogger<RepositoryDefinitionsObserver> logger) : IEventObserver
{
    public async Task ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        if (definitions.Connected.FromApp && (triggerEvent.Kind.StartsWith("github.installation.", StringComparison.Ordinal)
            || triggerEvent.Kind.StartsWith("github.installation_repositories.", StringComparison.Ordinal)))
        {
            definitions.Connected.InstallationChanged();
            loop?.Wake();
            return;
        }

        if (DefinitionPush.Of(triggerEvent) is not { } push)
        {
            return;
        }

        try
        {
            if (await definitions.NoticePushAsync(push, cancellationToken))
            {
                loop?.Wake();
            }
        }
        catch (StoreUnavailableException ex)
        {
            Log.NotRecorded(logger, push.Repository, push.After, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "The push of {Commit} to {Repository} was not recorded for the automations' reload; the hourly fetch brings it: {Reason}")]
        public static partial void NotRecorded(ILogger logger, string repository, string commit, string reason);
    }
}
