using Automations.Agents.Workspaces;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sources.GitHub;

namespace Automations.Host.Workers;

/// <summary>
/// The webhook path's part in keeping mirrors fresh: a GitHub push to a repository (named <c>owner/name</c>, as
/// definitions name it) is noted (<see cref="IBranchPushes"/>: for every instance, on a shared store), and the
/// mirror here, if any, fetched in the background (<see cref="MirrorRefresher"/>), so that the next session on the
/// branch starts without a fetch of its own. The answer waits for the note, not for git. A push another instance
/// noted fetches this instance's mirror too, as it is heard. Idempotent: a duplicate notes the push again and
/// fetches once more.
/// </summary>
public sealed partial class MirrorPushObserver(MirrorRefresher refresher, IBranchPushes pushes, string gitUrl, ILogger<MirrorPushObserver> logger) : IEventObserver, IHostedService
{
    public async Task ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
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
                return;
            }

            // Noted before the fetch begins, so that the fetch's mark covers it; and before the delivery is stored, so
            // that no session it starts, here or elsewhere, can miss it.
            await pushes.NoteAsync(new BranchPush(url, push.Branch), cancellationToken);
            Refresh(new BranchPush(url, push.Branch));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        pushes.NotedElsewhere += OnNotedElsewhere;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        pushes.NotedElsewhere -= OnNotedElsewhere;
        return Task.CompletedTask;
    }

    private void OnNotedElsewhere(object? sender, BranchPushEventArgs e) => Refresh(e.Push);

    private void Refresh(BranchPush push) =>
        _ = refresher.RefreshAsync(push.RepositoryUrl, ex => Log.FetchFailed(logger, RepositoryLocation.WithoutUserInfo(push.RepositoryUrl), push.Branch, RepositoryLocation.WithoutUserInfo(ex.Message)));

    private static partial class Log
    {
        [LoggerMessage(EventId = 118, Level = LogLevel.Warning, Message = "The mirror of {Repository} was not fetched after a push to {Branch}; the next session on it fetches for itself: {Reason}")]
        public static partial void FetchFailed(ILogger logger, string repository, string branch, string reason);
    }
}
