using Automations.Agents.Commands;
using Automations.Core.Sessions;
using Automations.Core.Work;

namespace Automations.Host.Tests.Work;

/// <summary>
/// A failed agent's session says why in its <c>error</c>, in the agent's own last words: the tail of its
/// standard error, or why its model was out of reach; and the activity follows every retry.
/// </summary>
public sealed class AgentErrorTests
{
    [Fact]
    public async Task AgentThatCannotStart_ErrorCarriesTheCause()
    {
        await using var bench = new WorkBench("exec claude-that-is-not-installed --print");
        var job = await bench.TriggerAsync();

        await bench.RunAsync(WorkBench.Worker, job);

        var session = (await bench.Sessions.GetAsync(job.SessionId, CancellationToken.None))!;
        Assert.Equal(SessionStatus.Errored, session.Status);
        Assert.StartsWith("agent exited with code 127: ", session.Error, StringComparison.Ordinal);
        Assert.Contains("claude-that-is-not-installed", session.Error, StringComparison.Ordinal);
        Assert.Contains("not found", session.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelApiUnreachable_ActivityIsBlockedWithEachRetry_AndTheErrorSaysSo()
    {
        var retries = string.Join('\n', Enumerable.Range(1, 3).Select(i =>
            $"echo '{{\"type\":\"system\",\"subtype\":\"api_retry\",\"attempt\":{i},\"max_retries\":3,\"retry_delay_ms\":10,\"error_status\":null,\"error\":\"Connection error.\"}}'; sleep 0.3"));
        await using var bench = new WorkBench($"{retries}\necho 'API Error: Connection error.' >&2\nexit 1", agentKind: AgentKinds.ClaudeCode);
        var job = await bench.TriggerAsync();

        await bench.RunAsync(WorkBench.Worker, job);

        var session = (await bench.Sessions.GetAsync(job.SessionId, CancellationToken.None))!;
        Assert.Equal(SessionStatus.Errored, session.Status);
        Assert.Equal("agent exited with code 1: the model API is unreachable (Connection error.); retry 3 of 3", session.Error);
        var reasons = (await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None))
            .Where(e => e.Type == SessionEventTypes.Activity && e.Data.GetProperty("activity").GetString() == "blocked")
            .Select(e => e.Data.GetProperty("reason").GetString())
            .ToList();
        Assert.Equal([1, 2, 3], reasons.Select(r => int.Parse(r!.Split("retry ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)));
    }
}
