using Automations.Core.Sessions;
using Automations.Core.Ports;

namespace Automations.Core.Work;

/// <summary>
/// Turns one agent turn's events into session events, appended in batches at most one interval late so
/// that a chatty agent costs one commit per batch, and derives the session's activity from them: output
/// flowing is <c>active</c>; no output past the idle threshold with no tool call running is <c>idle</c>
/// (a long tool call is not idleness); the agent's report ends the turn <c>ready</c>; a question is
/// <c>waiting_input</c>; a retried error is <c>blocked</c>. What it stores of the agent's output is capped
/// for the session (<see cref="SessionRunnerOptions.MaxSessionOutputBytes"/>), and an agent faster than the
/// store waits for it instead of piling up in memory.
/// </summary>
internal sealed class TurnRecorder : IAsyncDisposable
{
    private readonly ISessionStore _sessions;
    private readonly string _sessionId;
    private readonly TimeSpan _idleAfter;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _runningTools = new(StringComparer.Ordinal);
    private readonly Task _flusher;
    private readonly long _outputLimit;
    private long _outputLeft;
    private long _pendingBytes;
    private List<SessionEventDraft> _pending = [];
    private readonly LastWords _lastWords = new();
    private readonly List<StructuredQuestion> _asked = [];
    private bool _askedWithChoices;
    private string? _activity;
    private string? _activityReason;
    private long _lastOutput;

    /// <summary>Output waiting to be written past which the agent's events wait for a write: 1 MiB.</summary>
    private const long MaxPendingBytes = 1024 * 1024;

    public TurnRecorder(ISessionStore sessions, string sessionId, TimeSpan flushInterval, TimeSpan idleAfter, TimeProvider time, long outputLimit = long.MaxValue, long outputStored = 0)
    {
        _outputLimit = outputLimit;
        _outputLeft = Math.Max(0, outputLimit - outputStored);
        _sessions = sessions;
        _sessionId = sessionId;
        _idleAfter = idleAfter;
        _time = time;
        _lastOutput = time.GetTimestamp();
        _flusher = FlushLoopAsync(flushInterval);
    }

    /// <summary>The agent's own session id, once it named it.</summary>
    public string? AgentSessionId { get; private set; }

    /// <summary>The question the agent asked, or the permission it was refused.</summary>
    public string? Question { get; private set; }

    /// <summary>
    /// The questions of this turn when one of them came with choices (a free-text one among them is a question
    /// without options); null when every question was free text.
    /// </summary>
    public IReadOnlyList<StructuredQuestion>? Questions => _askedWithChoices ? _asked : null;

    /// <summary>The agent's reports of this turn, summed; null if it gave none.</summary>
    public AgentTurnComplete? Report { get; private set; }

    /// <summary>What the agent said last, for the session's error should the turn fail.</summary>
    public string Explain(string failure)
    {
        lock (_gate)
        {
            return _lastWords.Explain(failure, Report is { } report ? new AgentTurnReport(report.IsError, report.ResultText) : null);
        }
    }

    public async ValueTask OnEventAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        bool full;
        lock (_gate)
        {
            Record(agentEvent);
            full = _pendingBytes >= MaxPendingBytes;
        }

        if (full)
        {
            try
            {
                await FlushAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Kept in front for the next flush; the store's trouble is the flush loop's to retry.
            }
        }
    }

    /// <summary>The agent's process ended.</summary>
    public void Exited()
    {
        lock (_gate)
        {
            SetActivity(Question is null ? SessionActivity.Exited : SessionActivity.WaitingInput, null);
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
            _pendingBytes = 0;
        }

        try
        {
            await _sessions.AppendAsync(_sessionId, batch, cancellationToken);
        }
        catch
        {
            // Not written: the batch goes back in front, in order, for the next flush.
            lock (_gate)
            {
                _pending.InsertRange(0, batch);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _flusher;
        await FlushAsync(CancellationToken.None);
        _stop.Dispose();
    }

    private void Record(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case AgentStarted started:
                Output();
                if (started.AgentSessionId is { } id && id != AgentSessionId)
                {
                    AgentSessionId = id;
                    Add("agent", new { agentSessionId = id, model = started.Model }, new SessionChange { AgentSessionId = id });
                }

                break;
            case AgentText text:
                Output();
                _lastWords.Blocked = null; // the model answers again
                AddOutput(SessionEventTypes.Token, Bytes(text.Text), kept => new { stream = "assistant", text = kept ? text.Text : null });
                break;
            case AgentThinking thinking:
                Output();
                _lastWords.Blocked = null;
                AddOutput(SessionEventTypes.Token, Bytes(thinking.Text), kept => new { stream = "thinking", text = kept ? thinking.Text : null });
                break;
            case AgentLog log:
                Output();
                if (log.Stream == "stderr")
                {
                    _lastWords.Stderr(log.Text);
                }

                AddOutput(SessionEventTypes.Token, Bytes(log.Text), kept => new { stream = log.Stream, text = kept ? log.Text : null });
                break;
            case AgentOutputTruncated truncated:
                Add(SessionEventTypes.Truncated, new { stream = truncated.Stream, droppedBytes = truncated.DroppedBytes, reason = "a line of output was longer than the engine keeps" });
                break;
            case AgentToolStart start:
                Output();
                _runningTools.Add(start.Id);
                AddOutput(SessionEventTypes.ToolStart, start.Input is { } input ? Bytes(input.GetRawText()) : 0, kept => new { id = start.Id, name = start.Name, input = kept ? start.Input : null });
                break;
            case AgentToolEnd end:
                Output();
                _runningTools.Remove(end.Id);
                AddOutput(SessionEventTypes.ToolEnd, Bytes(end.Output), kept => new { id = end.Id, name = end.Name, isError = end.IsError, output = kept ? end.Output : null });
                break;
            case AgentQuestion question:
                Question = Question is null ? question.Text : $"{Question}\n\n{question.Text}";
                _asked.AddRange(question.Questions ?? [new StructuredQuestion(question.Text, null, [], false)]);
                _askedWithChoices |= question.Questions is not null;
                Add(SessionEventTypes.Question, question.Questions is { } questions ? new { text = question.Text, questions } : new { text = question.Text });
                SetActivity(SessionActivity.WaitingInput, null);
                break;
            case AgentBlocked blocked:
                _lastOutput = _time.GetTimestamp();
                _lastWords.Blocked = blocked.Reason;
                SetActivity(SessionActivity.Blocked, blocked.Reason);
                break;
            case AgentTurnComplete report:
                _lastOutput = _time.GetTimestamp();
                if (report.AgentSessionId is { } reported && reported != AgentSessionId)
                {
                    AgentSessionId = reported;
                    Add("agent", new { agentSessionId = reported }, new SessionChange { AgentSessionId = reported });
                }

                Report = Report is null ? report : Merge(Report, report);
                SetActivity(Question is null ? SessionActivity.Ready : SessionActivity.WaitingInput, null);
                break;
        }
    }

    private static AgentTurnComplete Merge(AgentTurnComplete a, AgentTurnComplete b) => b with
    {
        CostUsd = a.CostUsd is null && b.CostUsd is null ? null : (a.CostUsd ?? 0) + (b.CostUsd ?? 0),
        Turns = a.Turns is null && b.Turns is null ? null : (a.Turns ?? 0) + (b.Turns ?? 0),
        Usage = a.Usage.Add(b.Usage),
        PermissionDenials = [.. a.PermissionDenials, .. b.PermissionDenials],
        IsError = a.IsError || b.IsError,
    };

    private void Output()
    {
        _lastOutput = _time.GetTimestamp();
        if (_activity != SessionActivity.WaitingInput)
        {
            SetActivity(SessionActivity.Active, null);
        }
    }

    private void SetActivity(string activity, string? reason)
    {
        // A new reason is told even in the same activity: "retry 2 of 10" after "retry 1 of 10".
        if (activity == _activity && reason == _activityReason)
        {
            return;
        }

        _activity = activity;
        _activityReason = reason;
        Add(SessionEventTypes.Activity, new { activity, reason }, new SessionChange { Activity = activity });
    }

    private void Add(string type, object data, SessionChange? change = null) => _pending.Add(SessionEvents.Of(type, data, change));

    /// <summary>An event that stores <paramref name="bytes"/> of output, while the session's cap allows; past it, the event without its text.</summary>
    private void AddOutput(string type, long bytes, Func<bool, object> data)
    {
        if (bytes <= _outputLeft)
        {
            _outputLeft -= bytes;
            _pendingBytes += bytes;
            Add(type, data(true), bytes > 0 ? new SessionChange { AddOutputBytes = bytes } : null);
            return;
        }

        if (_outputLeft >= 0)
        {
            // Once: from here on the session stores no more of the agent's output.
            _outputLeft = -1;
            Add(SessionEventTypes.Truncated, new { limit = _outputLimit, reason = "the session's stored output reached its cap (Automations:Worker:MaxSessionOutputBytes); no more of it is stored" });
        }

        if (type != SessionEventTypes.Token)
        {
            Add(type, data(false));
        }
    }

    private static long Bytes(string? text) => text is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(text);

    /// <summary>Makes the activity <c>idle</c> when no output came for the threshold and no tool call runs; the flush loop asks on every tick.</summary>
    internal void CheckIdle()
    {
        lock (_gate)
        {
            if (_activity == SessionActivity.Active && _runningTools.Count == 0 && _time.GetElapsedTime(_lastOutput) >= _idleAfter)
            {
                SetActivity(SessionActivity.Idle, $"no output for {(int)_idleAfter.TotalSeconds}s");
            }
        }
    }

    private async Task FlushLoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                CheckIdle();

                // Only the wait is cut short: a batch taken for writing is written, or it would be lost.
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
