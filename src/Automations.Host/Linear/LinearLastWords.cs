using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Integrations.Http;
using Automations.Integrations.Linear;

namespace Automations.Host.Linear;

/// <summary>
/// A session's last word on its Linear agent session (its response, or its error) is said exactly once, crash or
/// not. It is posted with an id made from the status event that ended the turn (<see cref="LinearActivityFeed.LastWordId"/>),
/// and once Linear has it, the session's ledger says so (key <see cref="LedgerKey"/>). When the engine starts, it
/// looks through the agent sessions linked in the last <see cref="Lookback"/> for a turn that ended with its last
/// word unsaid (the engine died between the two), and says it: Linear refuses an id it has, and the client then
/// finds the activity there.
/// </summary>
public sealed partial class LinearLastWords(
    IAgentSessionLinks links, ISessionStore sessions, LinearAgent agent, TimeProvider time, ILogger<LinearLastWords> logger) : BackgroundService
{
    /// <summary>The ledger's entry for the last word said, with its id.</summary>
    public const string LedgerKey = "linear_last_word";

    /// <summary>How far back a starting engine looks: a day's agent sessions, at most <see cref="MaxLooked"/>.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    /// <summary>The most agent sessions a starting engine looks through.</summary>
    public const int MaxLooked = 1000;

    private static readonly IReadOnlyList<string> Endings = [SessionEventTypes.Status, SessionEventTypes.Action];

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

        return said;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var linked = await links.LinkedSinceAsync(LinearAgent.Provider, time.GetUtcNow() - Lookback, MaxLooked, stoppingToken);
            foreach (var (agentSession, sessionId) in linked)
            {
                if (await UnsaidAsync(sessionId, stoppingToken) is { } word)
                {
                    var said = await SayAsync(sessionId, agentSession, word, stoppingToken);
                    if (said.Succeeded)
                    {
                        Log.SaidLate(logger, sessionId, agentSession);
                    }
                    else
                    {
                        Log.NotSaid(logger, sessionId, agentSession, said.Error.Message);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException or HttpRequestException)
        {
            Log.NotLooked(logger, ex.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The session's last word when its turn ended and the ledger has no word said since; else null.</summary>
    private async Task<LinearActivity?> UnsaidAsync(string sessionId, CancellationToken cancellationToken)
    {
        // First the few events that say whether a word is due: a status after the last word said.
        var endings = await sessions.GetEventPageAsync(sessionId, 0, int.MaxValue, Endings, cancellationToken);
        var said = ActionLedger.From(endings).Find(LedgerKey);
        if (endings.LastOrDefault(e => e.Type == SessionEventTypes.Status) is not { } last || (said is { State: ActionLedger.Done } && said.Seq > last.Seq))
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 1717, Level = LogLevel.Information, Message = "Session {SessionId}'s last word, unsaid when the engine stopped, was said on Linear agent session {AgentSession}")]
        public static partial void SaidLate(ILogger logger, string sessionId, string agentSession);

        [LoggerMessage(EventId = 1718, Level = LogLevel.Warning, Message = "Session {SessionId}'s last word was not said on Linear agent session {AgentSession}: {Reason}")]
        public static partial void NotSaid(ILogger logger, string sessionId, string agentSession, string reason);

        [LoggerMessage(EventId = 1720, Level = LogLevel.Warning, Message = "Session {SessionId}'s pull request was not linked to Linear agent session {AgentSession}: {Reason}")]
        public static partial void NotLinked(ILogger logger, string sessionId, string agentSession, string reason);

        [LoggerMessage(EventId = 1719, Level = LogLevel.Warning, Message = "The Linear agent sessions were not looked through for last words unsaid: {Reason}")]
        public static partial void NotLooked(ILogger logger, string reason);
    }
}
