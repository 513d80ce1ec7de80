using Automations.Testing;
using Automations.Testing.Fakes;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// <c>notify:</c> and <c>escalate_after:</c> through the real executable and the fake Slack: each moment is posted
/// once to its route (a channel, or a person by direct message) with a link to the session's page, an escalation
/// once to the next route, across restarts.
/// </summary>
public sealed class NotifyTests : IAsyncLifetime
{
    private const string Console = "https://automations.example/sessions/";

    /// <summary>The bot's direct message with the person <c>@oncall</c>, which the fake opens as Slack does.</summary>
    private const string OnCall = "D0U0ONCALL";

    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync()
    {
        _fakes = await ActionsFakes.StartAsync();
        _fakes.Slack.AddUser("U0ONCALL", "oncall", "On-call");
    }

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    /// <summary>The notifications posted to <paramref name="channel"/> (messages of their own, not in a thread).</summary>
    private IReadOnlyList<FakeSlackMessage> Posted(string channel, string text) =>
        [.. _fakes.Slack.Messages.Where(m => m.Channel == channel && m.ThreadTs is null && m.Text.Contains(text, StringComparison.Ordinal))];

    private Dictionary<string, string> Settings(string agent, string definition)
    {
        var settings = _fakes.AutofixSettings(agent, ("Automations:Worker:SweepInterval", "00:00:00.250"));
        _fakes.Setup.Definition("autofix.yaml", $$$"""
            name: autofix
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: "Fix issue #{{ event.subject.number }}: {{ event.subject.title }}"
            {{{definition}}}
            """);
        return settings;
    }

    [Fact]
    public async Task NeedsInput_PastEscalateAfter_PostsOneEscalationToTheNextRoute_AndNoneAgainAfterARestart()
    {
        var settings = Settings(
            """
            echo "Which browser should I test first?" > "$AUTOMATIONS_QUESTION_FILE"
            """,
            """
            notify:
              - when: [needs_input, errored]
                slack: "#alerts"
              - when: [approved_and_green]
                slack: "@oncall"
            escalate_after: 2s
            """);
        string sessionId;
        await using (var engine = await _fakes.Setup.StartAsync(settings))
        {
            sessionId = await DeliverAsync(engine, "d-ask");
            await engine.WaitForSessionAsync(sessionId, s => Status(s) == "needs_input");
            await Waiting.UntilAsync(() => Posted(OnCall, "Still waiting").Count > 0, TimeSpan.FromSeconds(60), $"the escalation\n{engine.Output}");
            await engine.StopAsync(TimeSpan.FromSeconds(60));
        }

        var told = Assert.Single(Posted("C0ALERTS", "*needs_input*"));
        Assert.Contains(Console + sessionId, told.Text, StringComparison.Ordinal);
        var escalation = Assert.Single(Posted(OnCall, "Still waiting"));
        Assert.StartsWith("Still waiting after 2s: *needs_input*", escalation.Text, StringComparison.Ordinal);
        Assert.Contains(Console + sessionId, escalation.Text, StringComparison.Ordinal);

        // Restarted, the engine sweeps again and again over the same wait: it escalated it already.
        await using (var engine = await _fakes.Setup.StartAsync(settings))
        {
            await engine.WaitForSessionAsync(sessionId, s => Status(s) == "needs_input");
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Contains("needs_input", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")), StringComparison.Ordinal);
        }

        Assert.Single(Posted(OnCall, "Still waiting"));
        Assert.Single(Posted("C0ALERTS", "*needs_input*"));
    }

    [Fact]
    public async Task RetriesExhausted_AfterTheLastCiFollowUp_PostsOnce()
    {
        await using var engine = await _fakes.Setup.StartAsync(Settings(RecordingAgent, """
            actions:
              - pull_request: { title: "fix: {{ event.subject.title }}" }
            follow_up: { ci_failed: { retries: 1 } }
            notify:
              - when: [retries_exhausted]
                slack: "#alerts"
            """));
        var sessionId = await DeliverAsync(engine, "d-retries");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open");
        var branch = $"automations/autofix/{sessionId}";

        // The first failure gets the one follow-up turn; the second, on the follow-up's commit, finds none left.
        var first = _fakes.GitHub.BranchSha("acme/web", branch)!;
        await PostAsync(engine, "check_run", "d-retries-1", _fakes.GitHub.CheckRunCompleted(_fakes.GitHub.AddCheckRun("acme/web", "unit tests", "failure", first, "failed"), branch));
        await Waiting.UntilAsync(() => _fakes.GitHub.BranchSha("acme/web", branch) != first, TimeSpan.FromSeconds(60), "the follow-up's push");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "ci_failed" || Status(s) == "pr_open");
        var second = _fakes.GitHub.BranchSha("acme/web", branch)!;
        await PostAsync(engine, "check_run", "d-retries-2", _fakes.GitHub.CheckRunCompleted(_fakes.GitHub.AddCheckRun("acme/web", "unit tests", "failure", second, "failed"), branch));
        await Waiting.UntilAsync(() => Posted("C0ALERTS", "*retries_exhausted*").Count > 0, TimeSpan.FromSeconds(60), $"the notification\n{engine.Output}");

        // More news of the same pull request wakes the session again: the moment is not posted twice.
        await PostAsync(engine, "check_run", "d-retries-3", _fakes.GitHub.CheckRunCompleted(_fakes.GitHub.AddCheckRun("acme/web", "lint", "failure", second, "failed"), branch));
        await engine.WaitForSessionAsync(sessionId, _ => ActionDone(engine, sessionId, $"follow_up:ci:{second}"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var told = Assert.Single(Posted("C0ALERTS", "*retries_exhausted*"));
        Assert.Contains("1 follow-up turn(s) for CI were used", told.Text, StringComparison.Ordinal);
        Assert.Contains(Console + sessionId, told.Text, StringComparison.Ordinal);
    }
}
