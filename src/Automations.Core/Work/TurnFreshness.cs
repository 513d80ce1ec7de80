using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sources.GitHub;

namespace Automations.Core.Work;

/// <summary>
/// How new the mirror must be for a session's first checkout (<see cref="MirrorFreshness"/>). Only a first
/// attempt on the session's own branch (<see cref="SessionRunner.BranchOf"/>) may skip the fetch: no one but the
/// session pushes that branch, and it has not yet; a branch a definition names may have been pushed by another
/// session on another instance, and a later attempt may have been pushed by the one before, which only a fetch shows.
/// </summary>
internal static class TurnFreshness
{
    /// <summary>The freshness of <paramref name="turn"/>'s checkout; the run's events are those the turn was chosen from, read just before.</summary>
    public static async Task<MirrorFreshness?> OfAsync(SessionRun run, Turn turn, CancellationToken cancellationToken)
    {
        var session = run.Session;
        if (!turn.FreshWorkspace || session.Branch != SessionRunner.BranchOf(session.Automation, session.Id)
            || run.KnownEvents.Count(e => e.Type == SessionEventTypes.Attempt) != 1)
        {
            return null;
        }

        var head = await run.TriggerAsync(cancellationToken) is { } trigger ? BranchHead.Of(trigger) : null;
        var named = head is not null && head.Branch == (session.Base ?? "main")
            && string.Equals(session.Repository ?? SessionPlanner.RepositoryName(session.RepositoryUrl!), head.Repository, StringComparison.OrdinalIgnoreCase);
        return new MirrorFreshness(session.CreatedAt, named ? head!.Commit : null);
    }
}
