using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// Service Bus through the real handler: what an HTTP invocation hands to the output <c>jobs</c>, delivered
/// back to <c>worker</c> as the host delivers a message (once or twice encoded, with its metadata), runs the
/// session; a failing job answers non-2xx with its attempt taken from <c>DeliveryCount</c>, and gives up on
/// the queue's last delivery. On SQLite here, and once on PostgreSQL, the store Azure runs on.
/// </summary>
public sealed class FunctionsWorkerTests : FunctionsHandlerTests
{
    private PostgresTestDatabase? _database;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private async Task<FunctionsHandlerProcess> StartAsync(params (string Key, string Value)[] extra)
    {
        var settings = Setup.Settings(
            Setup.Agent("agent", "echo \"fixed by $AUTOMATIONS_SESSION_ID\" > FIX.md"),
            [("Automations:Queue:RetryBaseDelay", "00:00:00.010"), ("Automations:Queue:RetryMaxDelay", "00:00:00.050"), .. extra]);
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, settings);
        return Handler;
    }

    /// <summary>Posts the example delivery through <c>github</c>; the text of its one <c>jobs</c> message, and the session.</summary>
    private static async Task<(string Message, string SessionId)> DeliverAsync(FunctionsHandlerProcess handler, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/json"),
            new("X-GitHub-Event", "issues"),
            new("X-GitHub-Delivery", deliveryId),
            new("X-Hub-Signature-256", EngineSetup.Sign(body)),
        };
        var answer = await handler.InvokeAsync("github", Invocations.Http("http-current.json", "POST", "https://automations-app.example.net/webhooks/github", headers, body));
        Assert.True(answer.ResStatus == 202, answer.ToString());
        var message = Assert.Single(answer.Json.GetProperty("Outputs").GetProperty("jobs").EnumerateArray()).GetString()!;
        return (message, answer.ResBody.GetProperty("sessions")[0].GetString()!);
    }

    private static async Task<JsonElement> SessionAsync(FunctionsHandlerProcess handler, string sessionId) =>
        (await handler.ApiAsync("GET", $"/sessions/{sessionId}")).Body;

    private static async Task<IReadOnlyList<JsonElement>> EventsAsync(FunctionsHandlerProcess handler, string sessionId) =>
        [.. (await handler.ApiAsync("GET", $"/sessions/{sessionId}/events")).Body.EnumerateArray()];

    [Theory]
    [InlineData("servicebus.json")]
    [InlineData("servicebus-double.json")]
    public async Task JobsOutput_DeliveredToWorker_FinishesSessionAndPushesBranch(string fixture)
    {
        Setup.AutofixDefinition();
        var handler = await StartAsync();
        var (message, sessionId) = await DeliverAsync(handler, "delivery-" + fixture);

        var run = await handler.InvokeAsync("worker", Invocations.ServiceBus(fixture, message, deliveryCount: 1));
        var again = await handler.InvokeAsync("worker", Invocations.ServiceBus(fixture, message, deliveryCount: 2));

        Assert.True(run.Status == 200, run.ToString());
        Assert.Equal("application/json", run.MediaType);
        Assert.Contains(run.Logs, l => l.Contains("finished", StringComparison.Ordinal));
        var session = await SessionAsync(handler, sessionId);
        Assert.Equal("done", session.GetProperty("status").GetString());
        var branch = $"automations/autofix/{sessionId}";
        Assert.Contains(branch, GitRepository.Branches(Setup.Remote));
        Assert.Equal($"fixed by {sessionId}", GitRepository.Show(Setup.Remote, branch, "FIX.md").Trim());

        // A second delivery of the same message (Service Bus is at least once) runs nothing.
        Assert.Equal(200, again.Status);
        Assert.Contains("is over (done)", Assert.Single(again.Logs), StringComparison.Ordinal);
        Assert.Single(await EventsAsync(handler, sessionId), e => e.GetProperty("type").GetString() == "prompt");
    }

    [Fact]
    public async Task Worker_FailingJob_AnswersNon2xxWithDeliveryCountAsAttemptAndGivesUpOnTheLast()
    {
        // The repository does not exist, so every attempt fails before the agent: a failure outside the agent.
        Setup.AutofixDefinition();
        Setup.Definition("autofix.yaml", File.ReadAllText(Path.Combine(Setup.AutomationsDir, "autofix.yaml")).Replace("\"{{ event.repository }}\"", "acme/missing", StringComparison.Ordinal));
        var handler = await StartAsync(("Automations:Functions:MaxDeliveryCount", "3"));
        var (message, sessionId) = await DeliverAsync(handler, "delivery-failing");

        var second = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus-double.json", message, deliveryCount: 2));
        var afterSecond = await SessionAsync(handler, sessionId);
        var last = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus.json", message, deliveryCount: 3));

        Assert.Equal(500, second.Status);
        Assert.Contains("delivery 2 of 3 failed", Assert.Single(second.Logs), StringComparison.Ordinal);
        Assert.NotEqual("errored", afterSecond.GetProperty("status").GetString());
        var events = await EventsAsync(handler, sessionId);
        Assert.Equal([2, 3], events.Where(e => e.GetProperty("type").GetString() == "attempt").Select(e => e.GetProperty("data").GetProperty("attempt").GetInt32()));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "attempt_failed" && e.GetProperty("data").GetProperty("attempt").GetInt32() == 2);

        Assert.Equal(500, last.Status);
        Assert.Contains("gave up, and Service Bus dead-letters the message", Assert.Single(last.Logs), StringComparison.Ordinal);
        var session = await SessionAsync(handler, sessionId);
        Assert.Equal("errored", session.GetProperty("status").GetString());
        Assert.StartsWith("gave up after 3 attempt(s)", session.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Dead: the timer hands nothing over, and a stray delivery runs nothing.
        var timer = await handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer-no-status.json"));
        var stray = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus.json", message, deliveryCount: 4));
        Assert.Empty(timer.Jobs);
        Assert.Equal(200, stray.Status);
        Assert.Contains("is over (dead)", Assert.Single(stray.Logs), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "its text is not a JSON object")]
    [InlineData("{\"session\":\"0190\",\"automation\":\"autofix\"}", "it lacks source, delivery")]
    [InlineData("[\"a\"]", "its text is not a JSON object")]
    public async Task Worker_MessageThatIsNotAJob_Answers400SoItEndsDeadLettered(string message, string reason)
    {
        Setup.AutofixDefinition();
        var handler = await StartAsync();

        var answer = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus.json", message, deliveryCount: 1));

        Assert.Equal(400, answer.Status);
        Assert.Contains(reason, Assert.Single(answer.Logs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_JobNotInStore_AnswersOkAndRunsNothing()
    {
        Setup.AutofixDefinition();
        var handler = await StartAsync();
        var message = "{\"session\":\"0190f0a0-0000-7000-8000-000000000000\",\"automation\":\"autofix\",\"source\":\"github\",\"delivery\":\"gone\"}";

        var answer = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus.json", message, deliveryCount: 1));

        Assert.Equal(200, answer.Status);
        Assert.Contains("is not in the store", Assert.Single(answer.Logs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_SessionByHand_SchedulerHandsItsJobToServiceBusOnce()
    {
        // The api function has no Service Bus output: a job it makes is handed over by the next timer invocation.
        Setup.AutofixDefinition();
        var handler = await StartAsync();
        var created = await handler.ApiAsync("POST", "/sessions", json: JsonSerializer.Serialize(new { repository = Setup.Remote, prompt = "Fix the typo.", agent = "demo" }));
        Assert.True(created.Status is 201 or 202, created.ToString());
        var sessionId = created.Body.GetProperty("id").GetString();

        var first = await handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer-no-status.json"));
        var second = await handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer-no-status.json"));
        var job = Assert.Single(first.Jobs);
        var run = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus-double.json", first.Json.GetProperty("Outputs").GetProperty("jobs")[0].GetString()!, 1));

        Assert.Equal(sessionId, job.GetProperty("session").GetString());
        Assert.Empty(second.Jobs);
        Assert.True(run.Status == 200, run.ToString());
        Assert.Equal("done", (await SessionAsync(handler, sessionId!)).GetProperty("status").GetString());
    }

    [PostgresFact]
    public async Task JobsOutput_DeliveredToWorkerOnPostgres_FinishesSession()
    {
        _database = await PostgresTestDatabase.CreateAsync("automations_functions");
        Setup.AutofixDefinition();
        var handler = await StartAsync(("Automations:Store:Provider", "postgres"), ("Automations:Store:ConnectionString", _database.ConnectionString));
        var (message, sessionId) = await DeliverAsync(handler, "delivery-postgres");

        var run = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus-double.json", message, deliveryCount: 1));
        var timer = await handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer.json"));

        Assert.True(run.Status == 200, run.ToString());
        Assert.Equal("done", (await SessionAsync(handler, sessionId)).GetProperty("status").GetString());
        Assert.Empty(timer.Jobs);
    }
}
