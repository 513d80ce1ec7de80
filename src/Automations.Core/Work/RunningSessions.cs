using System.Collections.Concurrent;

namespace Automations.Core.Work;

/// <summary>
/// The sessions this instance is running, so that a person's stop reaches the agent at once. A stop
/// for a session running on another instance reaches it through its heartbeat, which sees the
/// terminal status.
/// </summary>
public sealed class RunningSessions
{
    private readonly ConcurrentDictionary<string, Run> _runs = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="sessionId"/> runs here until the returned handle is disposed.</summary>
    public IDisposable Register(string sessionId, CancellationTokenSource cancel)
    {
        var run = new Run(cancel);
        _runs[sessionId] = run;
        return new Registration(this, sessionId, run);
    }

    public bool IsRunning(string sessionId) => _runs.ContainsKey(sessionId);

    /// <summary>Cancels the session's run here, and waits up to <paramref name="timeout"/> for it to end. False if it does not run here.</summary>
    public async Task<bool> StopAsync(string sessionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(sessionId, out var run))
        {
            return false;
        }

        await run.Cancel.CancelAsync();
        await Task.WhenAny(run.Ended.Task, Task.Delay(timeout, cancellationToken));
        return true;
    }

    private sealed class Run(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Registration(RunningSessions owner, string sessionId, Run run) : IDisposable
    {
        public void Dispose()
        {
            owner._runs.TryRemove(new KeyValuePair<string, Run>(sessionId, run));
            run.Ended.TrySetResult();
        }
    }
}
