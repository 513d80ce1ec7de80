using System.Text.Json;
using Automations.Core.Sessions;
using Automations.Integrations.Linear;

namespace Automations.Integrations.Tests.Linear;

/// <summary>A session's stream as Linear's activities: what each event becomes, and what one interval coalesces.</summary>
public sealed class LinearActivityFeedTests
{
    private readonly LinearActivityFeed _feed = new();
    private long _seq;

    [Fact]
    public void Drain_TextThenAToolCall_AThoughtThenTheRunningActionThenItsResult()
    {
        Add("prompt", new { text = "Fix it" });
        Add("token", new { stream = "assistant", text = "Reading the code." });
        Add("tool_start", new { id = "t1", name = "Read", input = new { file_path = "src/Cart.cs" } });
        var first = _feed.Drain();
        Add("tool_end", new { id = "t1", name = "Read", isError = false, output = "class Cart {}" });
        var second = _feed.Drain();

        Assert.Equal([("thought", false), ("action", true)], first.Select(a => (a.Type, a.Ephemeral)));
        Assert.Equal("Reading the code.", (string?)first[0].Content["body"]);
        Assert.Equal(("Read", "src/Cart.cs", null), ((string?)first[1].Content["action"], (string?)first[1].Content["parameter"], (string?)first[1].Content["result"]));
        var done = Assert.Single(second);
        Assert.Equal(("action", false, "class Cart {}"), (done.Type, done.Ephemeral, (string?)done.Content["result"]));
    }

    [Fact]
    public void Add_TheTurnEndsAndTheSessionIsDone_TheFinalMessageIsTheResponse_SaidOnce()
    {
        Add("prompt", new { text = "Fix it" });
        Add("token", new { stream = "assistant", text = "Fixed the empty cart." });
        Add("message_complete", new { outcome = "succeeded", result = "Fixed the empty cart." });
        Add("status", new { status = "done" });
        Add("status", new { status = "pr_open" });

        var response = Assert.Single(_feed.Drain());
        Assert.Equal(("response", "Fixed the empty cart."), (response.Type, (string?)response.Content["body"]));
        Assert.True(_feed.Finished);
    }

    [Theory]
    [InlineData("errored", "error", "The session failed: the agent exited with 1")]
    [InlineData("killed", "response", "Stopped: the session was stopped, and does nothing more.")]
    public void Add_AFailureOrAStop_IsItsFinalWord(string status, string type, string body)
    {
        Add("status", new { status, reason = "the agent exited with 1" });

        var final = Assert.Single(_feed.Drain());
        Assert.Equal((type, body), (final.Type, (string?)final.Content["body"]));
    }

    [Fact]
    public void Add_AStopWrittenAgainOverItsWorkersSpawning_IsSaidOnce_AndAStopAfterAResumeIsSaidAgain()
    {
        Add("status", new { status = "killed", reason = "stopped by a person" });
        Add("status", new { status = "spawning", reason = "worker w1 took the job" });
        Add("status", new { status = "killed", reason = "killed as worker w1 took the job" });
        var stopped = _feed.Drain();
        Add("prompt", new { text = "Continue." });
        Add("status", new { status = "working" });
        Add("status", new { status = "killed", reason = "stopped by a person" });

        Assert.Equal(["response"], stopped.Select(a => a.Type));
        Assert.Equal(["response"], _feed.Drain().Select(a => a.Type));
    }

    [Fact]
    public void LastWord_HasTheIdOfTheStatusThatMadeIt_TheSameWhenMadeAgainFromTheSameEvents_AndOnlyTheLastWordHasOne()
    {
        var again = new LinearActivityFeed();
        foreach (var e in TurnThatEnds("s1"))
        {
            _feed.Add(e);
            again.Add(e);
        }

        var drained = _feed.Drain();
        var other = new LinearActivityFeed();
        foreach (var e in TurnThatEnds("s2"))
        {
            other.Add(e);
        }

        Assert.Equal([("thought", null), ("response", LinearActivityFeed.LastWordId(TurnThatEnds("s1")[^1]))], drained.Select(a => (a.Type, a.Id)));
        Assert.Equal(drained[^1], _feed.LastWord);
        Assert.Equal(_feed.LastWord!.Id, again.LastWord!.Id);
        Assert.NotEqual(_feed.LastWord.Id, other.LastWord!.Id);
        Assert.True(Guid.TryParseExact(_feed.LastWord.Id, "D", out var id));
        Assert.Equal((4, 0x80), (id.Version, id.ToByteArray(bigEndian: true)[8] & 0xC0));
    }

    [Fact]
    public void LastWord_AFollowUpPrompt_MeansTheTurnIsNotFinished()
    {
        foreach (var e in TurnThatEnds("s1"))
        {
            _feed.Add(e);
        }

        Add("prompt", new { text = "Also the header." });

        Assert.False(_feed.Finished);
        Assert.NotNull(_feed.LastWord);
    }

    [Fact]
    public void Add_AQuestionWithOneSetOfChoices_IsAnElicitationWithSelect()
    {
        Add("question", new
        {
            text = "Which browser first? (choose one)\n- Chrome\n- Firefox",
            questions = new[] { new { question = "Which browser first?", options = new[] { new { label = "Chrome" }, new { label = "Firefox" } }, multiSelect = false } },
        });

        var elicitation = Assert.Single(_feed.Drain());
        Assert.Equal(("elicitation", "select"), (elicitation.Type, elicitation.Signal));
        Assert.Equal(["Chrome", "Firefox"], elicitation.SignalMetadata!["options"]!.AsArray().Select(o => (string?)o!["value"]));
    }

    [Fact]
    public void Drain_MoreThanAnIntervalTakes_WaitTheirTurn_AndABigBacklogFoldsIntoOneThought()
    {
        for (var i = 0; i < 14; i++)
        {
            Add("tool_start", new { id = $"t{i}", name = "Edit", input = new { file_path = $"f{i}.cs" } });
            Add("tool_end", new { id = $"t{i}", name = "Edit", isError = false, output = "ok" });
        }

        var first = _feed.Drain();
        var rest = new List<Automations.Integrations.Linear.LinearActivity>();
        while (_feed.HasPending)
        {
            rest.AddRange(_feed.Drain());
        }

        Assert.Equal(LinearActivityFeed.MaxPerDrain, first.Count);
        Assert.Equal("thought", first[0].Type);
        Assert.Contains("- Edit f4.cs", (string?)first[0].Content["body"], StringComparison.Ordinal);
        Assert.Equal("f5.cs", (string?)first[1].Content["parameter"]);
        Assert.Equal(Enumerable.Range(6, 8).Select(i => $"f{i}.cs"), rest.Select(a => (string?)a.Content["parameter"]));
    }

    [Fact]
    public void TakePlan_TodoWrite_IsLinearsPlan()
    {
        Add("tool_start", new { id = "p", name = "TodoWrite", input = new { todos = new[] { new { content = "Reproduce", status = "completed" }, new { content = "Fix", status = "in_progress" } } } });

        var plan = _feed.TakePlan();

        Assert.Equal([("Reproduce", "completed"), ("Fix", "inProgress")], plan!.Select(s => ((string?)s!["content"], (string?)s["status"])));
        Assert.Null(_feed.TakePlan());
    }

    private static IReadOnlyList<SessionEvent> TurnThatEnds(string sessionId) =>
    [
        new(sessionId, 1, DateTimeOffset.UnixEpoch, "prompt", JsonSerializer.SerializeToElement(new { text = "Fix it" })),
        new(sessionId, 2, DateTimeOffset.UnixEpoch, "token", JsonSerializer.SerializeToElement(new { stream = "assistant", text = "Looking at the cart." })),
        new(sessionId, 3, DateTimeOffset.UnixEpoch, "message_complete", JsonSerializer.SerializeToElement(new { outcome = "succeeded", result = "Fixed the cart." })),
        new(sessionId, 4, DateTimeOffset.UnixEpoch, "status", JsonSerializer.SerializeToElement(new { status = "done" })),
    ];

    private void Add(string type, object data) =>
        _feed.Add(new SessionEvent("s1", ++_seq, DateTimeOffset.UnixEpoch, type, JsonSerializer.SerializeToElement(data)));
}
