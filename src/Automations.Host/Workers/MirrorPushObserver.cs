using Automations.Agents.Workspaces;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Sessions;
using Automations.Core.Sources.GitHub;

namespace Automations.Host.Workers;

/// <summary>
/// The webhook path's part in keeping mirrors fresh: a GitHub push to a repository (named <c>owner/name</c>, as
/// definitions name it) whose mirror is here is noted, and the mirror fetched in the background
/// (<see cref="MirrorRefresher"/>), so that the next session on the branch starts without a fetch of its own. The
/// answer does not wait for git. Idempotent: a duplicate notes the push again and fetches once more.
/// </summary>
public sealed partial class MirrorPushObserver(MirrorRefresher refresher, string gitUrl, ILogger<MirrorPushObserver> logger) : IEventObserver
{
    public Task ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        if (BranchHead.Of(triggerEvent) is { IsPush: true } push)
        {
            string url;
            try
            {
                url = RepositoryLocation.Resolve(push.Repository, gitUrl, Directory.GetCurrentDirectory());
            }
            catch (ArgumentException)
            {
                // Not an owner/name no definition could name: no mirror of it is kept under that name.
                return Task.CompletedTask;
            }

            _ = refresher.PushedAsync(url, push.Branch, ex => Log.FetchFailed(logger, push.Repository, push.Branch, ex.Message));
        }

        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 118, Level = LogLevel.Warning, Message = "The mirror of {Repository} was not fetched after a push to {Branch}; the next session on it fetches for itself: {Reason}")]
        public static partial void FetchFailed(ILogger logger, string repository, string branch, string reason);
    }
}
