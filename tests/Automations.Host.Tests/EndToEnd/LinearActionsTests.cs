using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Testing;
using Automations.Testing.Fakes;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>A Linear-started session comments back on its issue once, even across kill -9.</summary>
public sealed class LinearActionsTests : IAsyncLifetime
{
    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so the fakes and folders go with the test.
    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    [Fact]
    public async Task LinearIssue_GetsOneCommentBack_WithTheSessionsOutcome()
    {
        await using var linear = await FakeLinear.StartAsync(LinearKey);
        var issueId = linear.AddIssue("ENG-123", "Login broken");
        await using var engine = await _fakes.Setup.StartAsync(LinearSettings(linear));

        var sessionId = await DeliverLinearAsync(engine, issueId, "lin-comment-1");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done" && ActionDone(engine, sessionId, "comment"));

        var comment = Assert.Single(linear.Comments(issueId));
        Assert.StartsWith("Worked on it: done.", comment["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_fakes.GitHub.PullRequests);
    }

    [Fact]
    public async Task KillNine_AfterLinearMadeTheComment_TheRetryFindsItByItsMarker()
    {
        await using var linear = await FakeLinear.StartAsync(LinearKey);
        var issueId = linear.AddIssue("ENG-124", "Logout broken");
        linear.AddComment(issueId, "Someone else was here first.");
        var settings = LinearSettings(linear, ("Automations:Queue:LeaseDuration", "00:00:06"));

        // Linear made the comment; the engine died before it heard so.
        var sessionId = await _fakes.KillWhileHeldAsync(settings, linear, r => r.Text.Contains("commentCreate(", StringComparison.Ordinal), afterHandling: true, engine => DeliverLinearAsync(engine, issueId, "lin-kill-1"));

        await using var restarted = await _fakes.Setup.StartAsync(settings);
        await restarted.WaitForSessionAsync(sessionId, s => Status(s) == "done" && ActionDone(restarted, sessionId, "comment"));

        Assert.Equal(2, linear.Comments(issueId).Count);
        Assert.Single(linear.Requests, r => r.Text.Contains("commentCreate(", StringComparison.Ordinal));
        Assert.Contains(linear.Requests, r => r.Text.Contains("comments(first:", StringComparison.Ordinal));
    }

    private const string LinearKey = "lin_api_e2e";
    private const string LinearSecret = "e2e-linear-secret";

    private Dictionary<string, string> LinearSettings(FakeLinear linear, params (string Key, string Value)[] extra)
    {
        var settings = _fakes.AutofixSettings(
            RecordingAgent,
            [
                ("Automations:Sources:Linear:WebhookSecret", LinearSecret),
                ("Automations:Linear:ApiUrl", linear.ApiUrl.ToString()),
                ("Automations:Linear:ApiKey", LinearKey),
                .. extra,
            ]);
        _fakes.Setup.Definition("autofix.yaml", """
            name: linear-fix
            on:
              - linear: { event: Issue.create }
            repository: acme/web
            agent: { use: demo, timeout: 2m }
            instructions: "Fix {{ event.subject.title }}"
            actions:
              - comment: { on: linear, body: "Worked on it: {{ session.status }}." }
            """);
        return settings;
    }

    private static async Task<string> DeliverLinearAsync(EngineProcess engine, string issueId, string deliveryId)
    {
        var body = Encoding.UTF8.GetBytes($$$"""
            {"action":"create","type":"Issue","createdAt":"2026-01-05T09:00:00.000Z","webhookTimestamp":{{{TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()}}},
             "actor":{"id":"u1","name":"Maria"},"url":"https://linear.app/acme/issue/ENG-123/login",
             "data":{"id":"{{{issueId}}}","identifier":"ENG-123","number":123,"title":"Login broken","team":{"id":"t1","key":"ENG","name":"Engineering"},
               "state":{"name":"Todo"},"labels":[{"name":"bug"}]}}
            """);
        using var request = ProviderDeliveries.Linear("Issue", deliveryId, body, LinearSecret);
        using var response = await engine.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }
}
