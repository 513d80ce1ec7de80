using Automations.Core.Ports;

namespace Automations.Core.Sessions;

/// <summary>
/// Collects agent output and appends it in batches, at most one interval late, so that a chatty agent
/// costs one commit per batch instead of one per line.
/// </summary>
internal sealed class OutputBuffer : IAsyncDisposable
{
    private readonly ISessionStore _sessions;
    private readonly string _sessionId;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flusher;
    private List<SessionEventDraft> _pending = [];

    public OutputBuffer(ISessionStore sessions, string sessionId, TimeSpan interval, TimeProvider time)
    {
        _sessions = sessions;
        _sessionId = sessionId;
        _flusher = FlushLoopAsync(interval, time);
    }

    public void Add(AgentEvent agentEvent)
    {
        var draft = agentEvent switch
        {
            AgentText text => SessionEvents.Of(SessionEventTypes.Token, new { stream = "stdout", text = text.Text }),
            AgentLog log => SessionEvents.Of(SessionEventTypes.Token, new { stream = log.Stream, text = log.Text }),
            _ => null,
        };
        if (draft is null)
        {
            return;
        }

        lock (_gate)
        {
            _pending.Add(draft);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<SessionEventDraft> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = _pending;
            _pending = [];
        }

        await _sessions.AppendAsync(_sessionId, batch, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _flusher;
        await FlushAsync(CancellationToken.None);
        _stop.Dispose();
    }

    private async Task FlushLoopAsync(TimeSpan interval, TimeProvider time)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await FlushAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
