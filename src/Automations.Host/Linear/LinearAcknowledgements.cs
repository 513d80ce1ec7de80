using System.Collections.Concurrent;
using System.Threading.Channels;
using Automations.Core.Ports;
using Automations.Integrations.Linear;

namespace Automations.Host.Linear;

/// <summary>
/// Says to Linear, beside the queue, that a new agent session was heard: its first <c>thought</c> as soon as the
/// delivery comes in, whatever the workers are doing; then, once the delivery is stored, it links the agent
/// session to the engine's session and sets its external link to the session's page. The thought is claimed in
/// the store first (<see cref="IAgentSessionLinks.ClaimAcknowledgementAsync"/>), so a redelivery, a replay or a
/// second instance sends none; a thought Linear refused is given back and tried again within its 10 seconds.
/// </summary>
public sealed partial class LinearAcknowledgements(
    LinearAgent agent, IAgentSessionLinks links, IDeliveryStore deliveries, TimeProvider time, ILogger<LinearAcknowledgements> logger) : BackgroundService
{
    /// <summary>The thought that acknowledges a new session.</summary>
    public const string Thought = "On it: the request is in, and an Automations session is starting on it.";

    /// <summary>Tries to post the thought, a second apart, within Linear's 10 seconds.</summary>
    private const int Attempts = 4;

    /// <summary>How long the link waits for the delivery to be stored: the pipeline stores it right after observing it.</summary>
    private static readonly TimeSpan StoredWithin = TimeSpan.FromSeconds(30);

    private readonly Channel<LinearAcknowledgement> _due = Channel.CreateUnbounded<LinearAcknowledgement>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public void Enqueue(LinearAcknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        _due.Writer.TryWrite(acknowledgement);
    }

    /// <summary>
    /// Links now an agent session whose <c>created</c> event was taken, by this instance or another (its delivery is
    /// noted in the store, <see cref="LinearAcknowledger"/>), and not linked yet, and answers its engine session;
    /// null when there is none to link. A prompt (a <c>stop</c> a moment after the session was created) does not
    /// wait for the link: Linear sends it only after the <c>created</c> delivery was answered, so stored.
    /// </summary>
    public async Task<string?> LinkNowAsync(string agentSession, CancellationToken cancellationToken)
    {
        if (await links.FindDeliveryAsync(LinearAgent.Provider, agentSession, cancellationToken) is not { } deliveryId
            || await deliveries.GetAsync(LinearAgent.Provider, deliveryId, cancellationToken) is not { SessionIds: [var sessionId, ..] })
        {
            return null;
        }

        await links.LinkAsync(LinearAgent.Provider, agentSession, sessionId, cancellationToken);
        return sessionId;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var due in _due.Reader.ReadAllAsync(stoppingToken))
            {
                // Each on its own: one slow answer from Linear holds back no other session's 10 seconds.
                var task = AcknowledgeAsync(due, stoppingToken);
                _running[task] = 0;
                _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(_running.Keys);
    }

    private async Task AcknowledgeAsync(LinearAcknowledgement due, CancellationToken cancellationToken)
    {
        try
        {
            await ThinkAsync(due.AgentSessionId, cancellationToken);
            await LinkAsync(due, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException or HttpRequestException)
        {
            Log.Failed(logger, due.AgentSessionId, ex.Message);
        }
    }

    private async Task ThinkAsync(string agentSession, CancellationToken cancellationToken)
    {
        if (!await links.ClaimAcknowledgementAsync(LinearAgent.Provider, agentSession, cancellationToken))
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var posted = await agent.Client.CreateActivityAsync(agentSession, LinearActivity.Of(LinearActivity.Thought, Thought), cancellationToken);
            if (posted.Succeeded)
            {
                return;
            }

            if (attempt == Attempts)
            {
                await links.ReleaseAsync(LinearAgent.Provider, agentSession, cancellationToken);
                Log.NotAcknowledged(logger, agentSession, posted.Error.Message);
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }
    }

    private async Task LinkAsync(LinearAcknowledgement due, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + StoredWithin;
        StoredDelivery? stored;
        while ((stored = await deliveries.GetAsync(LinearAgent.Provider, due.DeliveryId, cancellationToken)) is null)
        {
            if (time.GetUtcNow() > deadline)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        if (stored.SessionIds.Count == 0)
        {
            var why = stored.Refused.Count > 0 ? string.Join("; ", stored.Refused.Select(r => $"{r.Automation}: {r.Reason}")) : "no automation took it";
            await agent.Client.CreateActivityAsync(due.AgentSessionId, LinearActivity.Of(LinearActivity.Error, $"Not started: {why}."), cancellationToken);
            return;
        }

        var sessionId = stored.SessionIds[0];
        await links.LinkAsync(LinearAgent.Provider, due.AgentSessionId, sessionId, cancellationToken);
        if (agent.LinksOf(sessionId, null) is { Count: > 0 } page)
        {
            var updated = await agent.Client.UpdateSessionAsync(due.AgentSessionId, page, plan: null, cancellationToken);
            if (!updated.Succeeded)
            {
                Log.NotLinked(logger, due.AgentSessionId, updated.Error.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Linear agent session {AgentSession} was not acknowledged: {Reason}")]
        public static partial void NotAcknowledged(ILogger logger, string agentSession, string reason);

        [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Linear agent session {AgentSession}'s link to its page was not set: {Reason}")]
        public static partial void NotLinked(ILogger logger, string agentSession, string reason);

        [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Linear agent session {AgentSession} was not acknowledged or linked: {Reason}")]
        public static partial void Failed(ILogger logger, string agentSession, string reason);
    }
}
