using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Sessions;

namespace Automations.Host.Jobs;

/// <summary>
/// A dead job back to the queue, with its attempts reset, and its session back to <c>queued</c>: what
/// <c>POST /api/jobs/{id}/replay</c> and the console's queue page both do. The session's status and the
/// job's revival are one transaction (<see cref="ISessionStore.PostAsync"/>); a dead job is at rest (no
/// worker touches it), so reading its state first decides nothing that can change under the replay.
/// </summary>
public sealed class JobReplay(IJobQueue queue, ISessionStore sessions, WorkSignal signal)
{
    public async Task<SessionCommandResult> ReplayAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (await queue.GetAsync(sessionId, cancellationToken) is not { } job)
        {
            return new SessionCommandResult(StatusCodes.Status404NotFound, $"No job {sessionId}.");
        }

        if (job.State != "dead")
        {
            return SessionCommandResult.Conflict($"The job of session {sessionId} is {job.State}, not dead: only a dead job is replayed.");
        }

        var reason = $"its dead job was replayed after {job.Attempts} attempt(s){(job.LastError is { Length: > 0 } error ? $" (last: {error})" : string.Empty)}";
        Session session;
        try
        {
            session = await sessions.PostAsync(sessionId, [SessionEvents.Status(SessionStatus.Queued, reason)], cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return new SessionCommandResult(StatusCodes.Status404NotFound, $"Session {sessionId} was deleted.");
        }

        signal.Notify();
        return new SessionCommandResult(StatusCodes.Status202Accepted, Body: new { session = sessionId, status = session.Status, replayed = true });
    }
}
