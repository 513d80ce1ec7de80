using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Testing;

namespace Automations.Core.Tests.Sessions;

public sealed class TurnRecorderTests
{
    private static readonly TimeSpan Flush = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(2);

    private readonly ManualTimeProvider _time = new();
    private readonly RecordingSessionStore _store = new();

    private TurnRecorder Recorder() => new(_store, "s1", Flush, IdleAfter, _time);

    private static async Task FeedAsync(TurnRecorder recorder, params AgentEvent[] events)
    {
        foreach (var e in events)
        {
            await recorder.OnEventAsync(e, CancellationToken.None);
        }
    }

    /// <summary>Moves the clock, then does what the flush loop does on a tick: checks idleness and writes.</summary>
    private async Task PassAsync(TurnRecorder recorder, TimeSpan span)
    {
        _time.Advance(span);
        recorder.CheckIdle();
        await recorder.FlushAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OnEventAsync_Stream_BecomesOrderedSessionEvents()
    {
        await using (var recorder = Recorder())
        {
            await FeedAsync(
                recorder,
                new AgentStarted("agent-1", "model-x"),
                new AgentText("Looking."),
                new AgentToolStart("t1", "Write", JsonSerializer.SerializeToElement(new { file_path = "a.txt" })),
                new AgentToolEnd("t1", "Write", false, "ok"),
                new AgentLog("stderr", "warning"),
                new AgentTurnComplete { CostUsd = 0.01m, Turns = 2, AgentSessionId = "agent-1" });
            recorder.Exited();
            Assert.Equal("agent-1", recorder.AgentSessionId);
            Assert.Equal(0.01m, recorder.Report!.CostUsd);
        }

        var types = _store.Appended.Select(e => e.Type).ToList();
        Assert.Equal(["activity", "agent", "token", "tool_start", "tool_end", "token", "activity", "activity"], types);
        Assert.Equal("agent-1", _store.Appended[1].Change!.AgentSessionId);
        Assert.Equal("assistant", _store.Appended[2].Data.GetProperty("stream").GetString());
        Assert.Equal("t1", _store.Appended[4].Data.GetProperty("id").GetString());
        Assert.Equal(["active", "ready", "exited"], _store.Activities);
    }

    [Fact]
    public async Task Idle_NoOutputPastThreshold_ButNotWhileAToolRuns()
    {
        await using (var recorder = Recorder())
        {
            await FeedAsync(recorder, new AgentToolStart("t1", "Bash", null));
            await PassAsync(recorder, IdleAfter * 2);
            Assert.Equal(["active"], _store.Activities);

            await FeedAsync(recorder, new AgentToolEnd("t1", "Bash", false, null));
            await PassAsync(recorder, IdleAfter + TimeSpan.FromSeconds(1));
            Assert.Equal(["active", "idle"], _store.Activities);

            await FeedAsync(recorder, new AgentText("back"));
        }

        Assert.Equal(["active", "idle", "active"], _store.Activities);
    }

    [Fact]
    public async Task FlushLoop_OnItsTicks_MakesASilentAgentIdle_AndWritesWhatWaits()
    {
        await using var recorder = Recorder();
        await FeedAsync(recorder, new AgentText("thinking"));

        // The loop's timer is there; past the idle threshold, its tick writes the text and the idleness.
        await _time.WaitForTimerAsync(CancellationToken.None);
        _time.Advance(IdleAfter + Flush);

        await Waiting.UntilAsync(() => _store.Activities.Contains("idle"), TimeSpan.FromSeconds(10), "the flush loop to mark the agent idle");
        Assert.Equal(["activity", "token", "activity"], _store.Appended.Select(e => e.Type));
    }

    [Fact]
    public async Task Question_IsWaitingInput_AndStaysSoWhenTheProcessExits()
    {
        await using (var recorder = Recorder())
        {
            await FeedAsync(recorder, new AgentText("Hmm."), new AgentQuestion("Which browser?"), new AgentTurnComplete { PermissionDenials = ["Bash"] });
            recorder.Exited();
            Assert.Equal("Which browser?", recorder.Question);
        }

        Assert.Equal(["active", "waiting_input"], _store.Activities);
        Assert.Contains(_store.Appended, e => e.Type == "question" && e.Data.GetProperty("text").GetString() == "Which browser?");
    }

    [Fact]
    public async Task QuestionsWithChoices_AreOnTheEventBesideTheText_AndAFreeTextOneJoinsThemWithoutChoices()
    {
        var asked = new StructuredQuestion("Which browser?", "Browser", [new QuestionOption("Firefox", null), new QuestionOption("Chromium", "fast")], MultiSelect: false);
        await using (var recorder = Recorder())
        {
            await FeedAsync(recorder, AgentQuestion.Of([asked]), new AgentQuestion("May I run Bash?"), new AgentThinking("Let me think."));
            Assert.Equal(["Which browser?", "May I run Bash?"], recorder.Questions!.Select(q => q.Question));
            Assert.Empty(recorder.Questions![1].Options);
            Assert.Equal("Browser: Which browser? (choose one)\n- Firefox\n- Chromium: fast\n\nMay I run Bash?", recorder.Question);
        }

        var events = _store.Appended.Where(e => e.Type == "question").ToList();
        Assert.Equal("Chromium", events[0].Data.GetProperty("questions")[0].GetProperty("options")[1].GetProperty("label").GetString());
        Assert.StartsWith("Browser: Which browser?", events[0].Data.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(events[1].Data.TryGetProperty("questions", out _));
        Assert.Contains(_store.Appended, e => e.Type == "token" && e.Data.GetProperty("stream").GetString() == "thinking" && e.Data.GetProperty("text").GetString() == "Let me think.");
    }

    [Fact]
    public async Task FreeTextQuestionsOnly_HaveNoStructuredQuestions()
    {
        await using var recorder = Recorder();
        await FeedAsync(recorder, new AgentQuestion("Which browser?"));

        Assert.Null(recorder.Questions);
    }

    [Fact]
    public async Task Blocked_CarriesTheReason_AndOutputMakesItActiveAgain()
    {
        await using (var recorder = Recorder())
        {
            await FeedAsync(recorder, new AgentBlocked("model overloaded; retry 1 of 10"), new AgentText("resumed"));
        }

        Assert.Equal(["blocked", "active"], _store.Activities);
        Assert.Equal("model overloaded; retry 1 of 10", _store.Appended.First(e => e.Type == "activity").Data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Report_SeveralInOneTurn_AddUp()
    {
        await using var recorder = Recorder();

        await FeedAsync(
            recorder,
            new AgentTurnComplete { CostUsd = 0.5m, Turns = 1, Usage = new AgentUsage(10, 1, 0, 0) },
            new AgentTurnComplete { CostUsd = 0.25m, Turns = 2, Usage = new AgentUsage(5, 2, 1, 0), IsError = true });

        Assert.Equal(0.75m, recorder.Report!.CostUsd);
        Assert.Equal(3, recorder.Report.Turns);
        Assert.Equal(new AgentUsage(15, 3, 1, 0), recorder.Report.Usage);
        Assert.True(recorder.Report.IsError);
    }

    [Fact]
    public async Task DisposeAsync_WhileASlowFlushIsWriting_LosesNothing()
    {
        var slow = new RecordingSessionStore { AppendDelay = TimeSpan.FromMilliseconds(150) };
        await using (var recorder = new TurnRecorder(slow, "s1", TimeSpan.FromMilliseconds(10), IdleAfter, TimeProvider.System))
        {
            for (var i = 0; i < 500; i++)
            {
                await recorder.OnEventAsync(new AgentText($"line {i}"), CancellationToken.None);
                if (i % 100 == 99)
                {
                    await Task.Delay(40);
                }
            }
        }

        var lines = slow.Appended.Where(e => e.Type == "token").Select(e => e.Data.GetProperty("text").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"line {i}"), lines);
    }

    [Fact]
    public async Task OnEventAsync_PastTheSessionsOutputCap_OneTruncatedEvent_ThenNoMoreOutputStored()
    {
        // 100 bytes may be stored, 40 already are: 60 are left.
        await using (var recorder = new TurnRecorder(_store, "s1", Flush, IdleAfter, _time, outputLimit: 100, outputStored: 40))
        {
            await FeedAsync(
                recorder,
                new AgentText(new string('a', 50)),
                new AgentText(new string('b', 20)),
                new AgentToolStart("t1", "Bash", JsonSerializer.SerializeToElement(new { command = "ls" })),
                new AgentToolEnd("t1", "Bash", false, "output"),
                new AgentLog("stderr", "more"));
        }

        var stored = _store.Appended.Where(e => e.Type is "token" or "tool_start" or "tool_end" or "truncated").ToList();
        Assert.Equal(["token", "truncated", "tool_start", "tool_end"], stored.Select(e => e.Type));
        Assert.Equal(50, stored[0].Change!.AddOutputBytes);
        Assert.Equal(100, stored[1].Data.GetProperty("limit").GetInt64());
        Assert.Equal(JsonValueKind.Null, stored[2].Data.GetProperty("input").ValueKind);
        Assert.Equal(JsonValueKind.Null, stored[3].Data.GetProperty("output").ValueKind);
        Assert.Equal("t1", stored[3].Data.GetProperty("id").GetString());
    }

    [Fact]
    public async Task OnEventAsync_LineCutByTheEngine_RecordedAsTruncated()
    {
        await using (var recorder = Recorder())
        {
            await FeedAsync(recorder, new AgentLog("stdout", "kept part"), new AgentOutputTruncated("stdout", 31_000_000));
        }

        var truncated = Assert.Single(_store.Appended, e => e.Type == "truncated");
        Assert.Equal(31_000_000, truncated.Data.GetProperty("droppedBytes").GetInt64());
        Assert.Equal("stdout", truncated.Data.GetProperty("stream").GetString());
    }
}
