using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Integrations.Http;
using Automations.Integrations.Linear;

namespace Automations.Host.Linear;

/// <summary>
/// A session's last word on its Linear agent session (its response, or its error) is said exactly once, crash or
/// not. It is posted with an id made from the status event that ended the turn (<see cref="LinearActivityFeed.LastWordId"/>),
/// and once Linear has it, the session's ledger says so (key <see cref="LedgerKey"/>). When an instance starts,
/// and every <see cref="Interval"/> after (<see cref="LookIfDueAsync"/>), it looks through the agent sessions
/// linked in the last <see cref="Lookback"/> for a turn that ended with its last word unsaid (the engine died
/// between the two, or Linear was down past the client's retries), and says it: Linear refuses an id it has, and
/// the client then finds the activity there. A word Linear refuses outright (a 4xx, not a limit or an outage) is
/// recorded as failed, with Linear's reason, and not said again.
/// </summary>
public sealed partial class LinearLastWords(
    IAgentSessionLinks links, ISessionStore sessions, LinearAgent agent, TimeProvider time, ILogger<LinearLastWords> logger) : BackgroundService
{
    /// <summary>The ledger's entry for the last word said, with its id.</summary>
    public const string LedgerKey = "linear_last_word";

    /// <summary>How far back a look goes: a day's agent sessions, at most <see cref="MaxLooked"/>.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    /// <summary>The most agent sessions one look goes through.</summary>
    public const int MaxLooked = 1000;

    /// <summary>How often the agent sessions are looked through after the start: every 10 minutes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>A turn that ended less than a minute ago is left to the mirror, which says its word within seconds.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);

    /// <summary>The events that say whether a last word may be due: the ledger, the ends of turns, and the statuses.</summary>
    private static readonly IReadOnlyList<string> Endings = [SessionEventTypes.Status, SessionEventTypes.Action, SessionEventTypes.MessageComplete];

    /// <summary>When this instance last looked through the agent sessions; null before its first look.</summary>
    private DateTimeOffset? _looked;

    /// <summary>
    /// Says <paramref name="word"/> (its id set) on the agent session: a response names the session's pull request,
    /// which is linked to the agent session first; once said, the session's ledger has it.
    /// </summary>
    public async Task<ProviderResult<string>> SayAsync(string sessionId, string agentSession, LinearActivity word, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Type == LinearActivity.Response && await sessions.GetAsync(sessionId, cancellationToken) is { PullRequest: { } pullRequest })
        {
            var linked = await agent.Client.UpdateSessionAsync(agentSession, agent.LinksOf(sessionId, pullRequest.Url), plan: null, cancellationToken);
            if (!linked.Succeeded)
            {
                Log.NotLinked(logger, sessionId, agentSession, linked.Error.Message);
            }

            word = word with { Content = LinearActivity.Of(LinearActivity.Response, $"{word.Content["body"]}\n\nPull request: {pullRequest.Url}").Content };
        }

        var said = await agent.Client.CreateActivityAsync(agentSession, word, cancellationToken);
        if (said.Succeeded)
        {
            await sessions.AppendAsync(sessionId, [SessionEvents.ActionDone(LedgerKey, new { id = said.Value })], cancellationToken);
        }
        else if (said.Error.Kind == ProviderErrorKind.Rejected)
        {
            // Linear refused the word itself (its agent session gone, say), not for now: it would refuse it at every
            // look for a day. The ledger keeps why, and the looks leave this word; a later turn's is said as any other.
            await sessions.AppendAsync(sessionId, [SessionEvents.ActionFailed(LedgerKey, said.Error.Message)], cancellationToken);
        }

        return said;
    }

    /// <summary>
    /// Looks through the agent sessions when this instance has not for <see cref="Interval"/>: serve's loop calls it,
    /// and in Functions mode the scheduler function, on every tick.
    /// </summary>
    public async Task LookIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_looked is { } last && now - last < Interval)
        {
            return;
        }

        // An instance's first look leaves nothing to a mirror: the turns that ended before it have none here. (Where
        // one does, as in a Functions worker's process, the word both say is said once, by its id.)
        var settle = _looked is null ? TimeSpan.Zero : Settle;
        _looked = now;
        await LookThroughAsync(settle, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await LookIfDueAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task LookThroughAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (agentSession, sessionId) in await links.LinkedSinceAsync(LinearAgent.Provider, time.GetUtcNow() - Lookback, MaxLooked, cancellationToken))
            {
                await SayIfUnsaidAsync(sessionId, agentSession, settle, cancellationToken);
            }
        }
        catch (Exception ex) when (IsPassing(ex))
        {
            Log.NotLooked(logger, ex.Message);
        }
    }

    private static bool IsPassing(Exception ex) =>
        ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException or HttpRequestException;

    /// <summary>Says the session's last word when its turn ended with it unsaid; a failure is logged, and the next session looked at.</summary>
    private async Task SayIfUnsaidAsync(string sessionId, string agentSession, TimeSpan settle, CancellationToken cancellationToken)
    {
        try
        {
            if (await UnsaidAsync(sessionId, settle, cancellationToken) is not { } word)
            {
                return;
            }

            var said = await SayAsync(sessionId, agentSession, word, cancellationToken);
            if (said.Succeeded)
            {
                Log.SaidLate(logger, sessionId, agentSession);
            }
            else
            {
                Log.NotSaid(logger, sessionId, agentSession, said.Error.Message);
            }
        }
        catch (Exception ex) when (IsPassing(ex))
        {
            Log.NotSaid(logger, sessionId, agentSession, ex.Message);
        }
    }

    /// <summary>
    /// The session's last word when its turn ended more than <paramref name="settle"/> ago and the ledger has no
    /// word said since; else null.
    /// </summary>
    private async Task<LinearActivity?> UnsaidAsync(string sessionId, TimeSpan settle, CancellationToken cancellationToken)
    {
        // First the few events that say whether a word may be due: a turn's end, or a failure or stop, after the
        // last word said. Only then is the stream read, to make the word (the pull request's later statuses are not).
        var endings = await sessions.GetEventPageAsync(sessionId, 0, int.MaxValue, Endings, cancellationToken);
        var said = ActionLedger.From(endings).Find(LedgerKey);
        var since = endings.Where(e => e.Seq > (said is { State: ActionLedger.Done or ActionLedger.Failed } ? said.Seq : 0) && e.Type != SessionEventTypes.Action).ToList();
        var due = since.Any(e => e.Type == SessionEventTypes.MessageComplete || LinearActivityFeed.FinalStatuses.Contains(StatusOf(e)));
        if (!due
            || since.LastOrDefault(e => e.Type == SessionEventTypes.Status) is not { } last
            || LinearActivityFeed.MovingStatuses.Contains(StatusOf(last))
            || last.At > time.GetUtcNow() - settle)
        {
            return null;
        }

        var feed = new LinearActivityFeed();
        foreach (var e in await sessions.GetEventPageAsync(sessionId, 0, int.MaxValue, LinearActivityFeed.Types, cancellationToken))
        {
            feed.Add(e);
        }

        var saidId = said?.Result is { } result && result.TryGetProperty("id", out var id) ? id.GetString() : null;
        return feed is { Finished: true, LastWord: { } word } && word.Id != saidId ? word : null;
    }

    private static string StatusOf(SessionEvent e) =>
        e.Type == SessionEventTypes.Status && e.Data.TryGetProperty("status", out var status) && status.ValueKind == System.Text.Json.JsonValueKind.String ? status.GetString() ?? string.Empty : string.Empty;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1717, Level = LogLevel.Information, Message = "Session {SessionId}'s last word, left unsaid (a crash, or Linear down), was said on Linear agent session {AgentSession}")]
        public static partial void SaidLate(ILogger logger, string sessionId, string agentSession);

        [LoggerMessage(EventId = 1718, Level = LogLevel.Warning, Message = "Session {SessionId}'s last word was not said on Linear agent session {AgentSession}: {Reason}")]
        public static partial void NotSaid(ILogger logger, string sessionId, string agentSession, string reason);

        [LoggerMessage(EventId = 1719, Level = LogLevel.Warning, Message = "The Linear agent sessions were not looked through for last words unsaid: {Reason}")]
        public static partial void NotLooked(ILogger logger, string reason);

        [LoggerMessage(EventId = 1720, Level = LogLevel.Warning, Message = "Session {SessionId}'s pull request was not linked to Linear agent session {AgentSession}: {Reason}")]
        public static partial void NotLinked(ILogger logger, string sessionId, string agentSession, string reason);
    }
}
