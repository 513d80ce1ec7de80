using Automations.Core.Events;
using Automations.Core.Observability;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>
/// What one run knows of its session, so that it asks the store once: the session as its last append left
/// it (an append answers the projection it produced, whoever else wrote meanwhile), its events (read once,
/// then only the newer ones), and the event that started it (read once). The runner and the actions share it.
/// </summary>
public sealed class SessionRun(ISessionStore sessions, IDeliveryStore deliveries, Session session)
{
    private readonly List<SessionEvent> _events = [];
    private TriggerEvent? _trigger;
    private bool _triggerRead;

    // Every event after this one, up to the session's last, was appended by this run.
    private long _ownAfter = session.LastSeq;

    public Session Session { get; private set; } = session;

    public string Id => Session.Id;

    /// <summary>Appends events; the session they produced is the run's from now on.</summary>
    public async Task<Session> AppendAsync(IReadOnlyList<SessionEventDraft> drafts, CancellationToken cancellationToken) =>
        Moved(await sessions.AppendAsync(Id, drafts, cancellationToken), drafts.Count);

    /// <summary>
    /// Appends events unless the session has ended (a stop from another instance): false, with nothing written and
    /// the session read again, when it had.
    /// </summary>
    public async Task<bool> AppendUnlessEndedAsync(IReadOnlyList<SessionEventDraft> drafts, CancellationToken cancellationToken)
    {
        if (await sessions.AppendUnlessEndedAsync(Id, drafts, cancellationToken) is { } after)
        {
            Moved(after, drafts.Count);
            return true;
        }

        await RefreshAsync(cancellationToken);
        return false;
    }

    /// <summary>Takes the session lock and appends events with it, in one write; the lock's holder, with nothing appended, when another session has it.</summary>
    public async Task<string?> AppendLockedAsync(string lockKey, DateTimeOffset expiresAt, IReadOnlyList<SessionEventDraft> drafts, CancellationToken cancellationToken)
    {
        var appended = await sessions.AppendLockedAsync(Id, lockKey, expiresAt, drafts, cancellationToken);
        if (appended.Session is { } after)
        {
            Moved(after, drafts.Count);
        }

        return appended.Holder;
    }

    /// <summary>Appends events and makes the session's job run (again): a message for the agent.</summary>
    public async Task<Session> PostAsync(IReadOnlyList<SessionEventDraft> drafts, CancellationToken cancellationToken) =>
        Moved(await sessions.PostAsync(Id, drafts, cancellationToken), drafts.Count);

    /// <summary>True when every event after <paramref name="seq"/> is one this run appended: nobody else wrote meanwhile.</summary>
    public bool OnlyOwnEventsAfter(long seq) => _ownAfter <= seq;

    /// <summary>The session after an append: a new status is counted, and told on the current span.</summary>
    private Session Moved(Session after, int appended)
    {
        if (after.LastSeq != Session.LastSeq + appended)
        {
            _ownAfter = after.LastSeq;
        }

        if (!string.Equals(after.Status, Session.Status, StringComparison.Ordinal))
        {
            Telemetry.StatusChanged(after.Automation, after.Status);
        }

        return Session = after;
    }

    /// <summary>Reads the session again, for what only others wrote (appends by the turn's recorder).</summary>
    public async Task<Session> RefreshAsync(CancellationToken cancellationToken)
    {
        var read = await sessions.GetAsync(Id, cancellationToken) ?? throw new InvalidOperationException($"session {Id} vanished");
        _ownAfter = read.LastSeq;
        return Session = read;
    }

    /// <summary>
    /// The session's events so far, but for its agent's output (<see cref="SessionEventTypes.Token"/>, the bulk of a
    /// long session, which no step of a run decides by): those this run has, and any newer ones, read once.
    /// </summary>
    public async Task<IReadOnlyList<SessionEvent>> EventsAsync(CancellationToken cancellationToken)
    {
        var known = _events.Count == 0 ? 0 : _events[^1].Seq;
        _events.AddRange(await sessions.GetEventsButOutputAsync(Id, known, cancellationToken));
        return _events;
    }

    /// <summary>The session's events as the last <see cref="EventsAsync"/> read them, without asking the store.</summary>
    public IReadOnlyList<SessionEvent> KnownEvents => _events;

    /// <summary>The event that started the session, read once; null for a session made by hand.</summary>
    public async Task<TriggerEvent?> TriggerAsync(CancellationToken cancellationToken)
    {
        if (!_triggerRead)
        {
            _trigger = Session.Trigger.Source == "api" ? null : await deliveries.GetEventAsync(Session.Trigger.Source, Session.Trigger.DeliveryId, cancellationToken);
            _triggerRead = true;
        }

        return _trigger;
    }
}
