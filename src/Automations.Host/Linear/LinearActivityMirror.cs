using System.Collections.Concurrent;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Sessions;
using Automations.Integrations.Linear;

namespace Automations.Host.Linear;

/// <summary>
/// Mirrors the sessions that work for a Linear agent session onto it, from the events appended on this
/// instance (the worker that runs a session appends its stream; the instance that takes a stop appends it):
/// each session's <see cref="LinearActivityFeed"/> takes its events as they come and, once per
/// <see cref="LinearActivityFeed.Interval"/>, one loop posts what they coalesced with <c>agentActivityCreate</c>; the
/// agent's plan goes to the agent session with <c>agentSessionUpdate</c>, and a turn's last word (the one
/// activity of a feed with an id of its own) through <see cref="LinearLastWords"/>, which says it once, crash or
/// not. A session's feed is dropped once it said its last word; a follow-up makes a new one.
/// </summary>
public sealed partial class LinearActivityMirror(
    SessionEventHub hub, LinearSessionResolver resolver, LinearAgent agent, LinearLastWords lastWords, TimeProvider time, ILogger<LinearActivityMirror> logger) : BackgroundService
{
    /// <summary>Sessions known not to be Linear's are remembered up to this many, then forgotten together.</summary>
    private const int MaxRemembered = 10_000;

    private static readonly HashSet<string> Mirrored = [.. LinearActivityFeed.Types];

    private readonly ConcurrentDictionary<string, Mirror?> _sessions = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = hub.WatchAll();
        var reader = subscription.Reader;
        var round = time.GetUtcNow() + LinearActivityFeed.Interval;
        Task<bool>? waiting = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // One loop takes the events as they come and, once per interval, posts what they made.
                while (reader.TryRead(out var e))
                {
                    if (Mirrored.Contains(e.Type) && await MirrorOfAsync(e.SessionId, stoppingToken) is { } mirror)
                    {
                        lock (mirror)
                        {
                            mirror.Feed.Add(e);
                        }
                    }
                }

                var wait = round - time.GetUtcNow();
                if (wait <= TimeSpan.Zero)
                {
                    foreach (var mirror in _sessions.Values.OfType<Mirror>().ToList())
                    {
                        await PostAsync(mirror, stoppingToken);
                    }

                    round = time.GetUtcNow() + LinearActivityFeed.Interval;
                    continue;
                }

                // The channel has one reader: one wait for it is outstanding at a time.
                waiting = waiting is { IsCompleted: false } ? waiting : reader.WaitToReadAsync(stoppingToken).AsTask();
                await Task.WhenAny(waiting, Task.Delay(wait, time, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<Mirror?> MirrorOfAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(sessionId, out var known))
        {
            return known;
        }

        string? agentSession;
        try
        {
            agentSession = await resolver.AgentSessionOfAsync(sessionId, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException or HttpRequestException)
        {
            Log.NotResolved(logger, sessionId, ex.Message);
            return null;
        }

        if (_sessions.Count >= MaxRemembered)
        {
            foreach (var none in _sessions.Where(s => s.Value is null).Select(s => s.Key).ToList())
            {
                _sessions.TryRemove(none, out _);
            }
        }

        return _sessions.GetOrAdd(sessionId, agentSession is null ? null : new Mirror(sessionId, agentSession));
    }

    private async Task PostAsync(Mirror mirror, CancellationToken cancellationToken)
    {
        IReadOnlyList<LinearActivity> due;
        System.Text.Json.Nodes.JsonArray? plan;
        bool finished;
        lock (mirror)
        {
            due = mirror.Feed.Drain();
            plan = mirror.Feed.TakePlan();
            finished = mirror.Feed.Finished && !mirror.Feed.HasPending;
        }

        try
        {
            if (plan is not null)
            {
                Report(mirror, await agent.Client.UpdateSessionAsync(mirror.AgentSession, externalUrls: null, plan, cancellationToken));
            }

            foreach (var activity in due)
            {
                // A turn's last word has an id of its own (the feed's), and is said through the ledger.
                Report(mirror, activity.Id is null
                    ? await agent.Client.CreateActivityAsync(mirror.AgentSession, activity, cancellationToken)
                    : await lastWords.SayAsync(mirror.SessionId, mirror.AgentSession, activity, cancellationToken));
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.NotMirrored(logger, mirror.SessionId, mirror.AgentSession, ex.Message);
        }

        if (finished)
        {
            _sessions.TryRemove(mirror.SessionId, out _);
        }
    }

    private void Report<T>(Mirror mirror, Integrations.Http.ProviderResult<T> result)
    {
        if (!result.Succeeded)
        {
            Log.NotMirrored(logger, mirror.SessionId, mirror.AgentSession, result.Error.Message);
        }
    }

    /// <summary>One session's feed, and the agent session it goes to.</summary>
    private sealed record Mirror(string SessionId, string AgentSession)
    {
        public LinearActivityFeed Feed { get; } = new();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1710, Level = LogLevel.Warning, Message = "Whether session {SessionId} works for a Linear agent session is not known: {Reason}")]
        public static partial void NotResolved(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 1711, Level = LogLevel.Warning, Message = "Session {SessionId} was not mirrored to Linear agent session {AgentSession}: {Reason}")]
        public static partial void NotMirrored(ILogger logger, string sessionId, string agentSession, string reason);
    }
}
