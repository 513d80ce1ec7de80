using System.Text.Json;
using Automations.Core.Sessions;
using Automations.Host.Dashboard;

namespace Automations.Host.Tests.Dashboard;

public sealed class TranscriptTests
{
    private static SessionEvent Event(long seq, string type, object data) =>
        new("s1", seq, DateTimeOffset.UnixEpoch, type, JsonSerializer.SerializeToElement(data));

    [Fact]
    public void Fold_JoinsOutputOfOneStream_AndPairsEachToolCallWithItsEnd()
    {
        var items = Transcript.Fold(
        [
            Event(1, "prompt", new { text = "Fix it." }),
            Event(2, "token", new { text = "Looking ", stream = "assistant" }),
            Event(3, "token", new { text = "at it.", stream = "assistant" }),
            Event(4, "tool_start", new { id = "t1", name = "Bash", input = new { command = "ls" } }),
            Event(5, "tool_start", new { id = "t2", name = "Read", input = new { path = "a.txt" } }),
            Event(6, "tool_end", new { id = "t1", name = "Bash", isError = false, output = "a.txt" }),
            Event(7, "tool_end", new { id = "t2", name = "Read", isError = true, output = "denied" }),
            Event(8, "token", new { text = "warning: x", stream = "stderr" }),
            Event(9, "token", new { text = "warning: y", stream = "stderr" }),
            Event(10, "status", new { status = "done", reason = "finished" }),
        ]);

        Assert.Equal(["prompt", "text", "tool", "tool", "log", "status"], items.Select(i => i.Kind));
        Assert.Equal("Looking at it.", items[1].Text);
        Assert.Equal(("Bash", "a.txt", false), (items[2].Title, items[2].Output, items[2].IsError));
        Assert.Contains("\"command\": \"ls\"", items[2].Text, StringComparison.Ordinal);
        Assert.Equal(("Read", "denied", true), (items[3].Title, items[3].Output, items[3].IsError));
        Assert.Equal("warning: x\nwarning: y", items[4].Text);
        Assert.Equal(("done", "finished"), (items[5].Title, items[5].Text));
    }

    [Fact]
    public void Fold_Thinking_IsABlockOfItsOwn_BesideTheText()
    {
        var items = Transcript.Fold(
        [
            Event(1, "token", new { text = "The test ", stream = "thinking" }),
            Event(2, "token", new { text = "fails on null.", stream = "thinking" }),
            Event(3, "token", new { text = "Fixing it.", stream = "assistant" }),
        ]);

        Assert.Equal([("thinking", "The test fails on null."), ("text", "Fixing it.")], items.Select(i => (i.Kind, i.Text)));
    }

    [Fact]
    public void Fold_AToolEndWhoseStartIsOnAnEarlierPage_StandsAlone()
    {
        var items = Transcript.Fold([Event(301, "tool_end", new { id = "t9", name = "Edit", isError = false, output = "ok" })]);

        var tool = Assert.Single(items);
        Assert.Equal(("tool", "Edit", "ok", 301L), (tool.Kind, tool.Title, tool.Output, tool.Seq));
    }

    [Fact]
    public void Fold_Notes_LeaveOutPathsAndRemotes()
    {
        var note = Assert.Single(Transcript.Fold([Event(1, "workspace", new { path = "/srv/data/ws", remote = "https://x-access-token:abc@host/r.git", repository = "/srv/git/acme/web.git", branch = "b1" })]));

        Assert.Equal("branch: b1", note.Text);
    }
}
