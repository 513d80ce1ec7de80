using System.Security.Cryptography;
using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;
using Automations.Testing.Fakes;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// The Linear agent on Azure Functions, through the real handler: the <c>worker</c> function that runs a
/// session shows its work in Linear's agent session as it goes, and a last word Linear did not take is said by
/// the <c>scheduler</c> function's look, once.
/// </summary>
public sealed class FunctionsLinearTests : FunctionsHandlerTests
{
    private const string AppToken = "lin_oauth_functions_app";

    private FakeLinear? _linear;

    private FakeLinear Linear => _linear ?? throw new InvalidOperationException("start the handler first");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_linear is not null)
        {
            await _linear.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASessionRunByTheWorkerFunction_ShowsItsWorkAndItsLastWordInLinear()
    {
        var handler = await StartAsync();
        var agentSession = Linear.AddAgentSession(Linear.AddIssue("ENG-412", "Checkout crashes"));
        var (message, sessionId) = await CreatedAsync(handler, agentSession);

        var run = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus.json", message, deliveryCount: 1));

        Assert.True(run.Status == 200, run.ToString());
        await Waiting.UntilAsync(() => Types(agentSession).Contains("response"), TimeSpan.FromSeconds(15), $"the response: {string.Join(", ", Types(agentSession))}");
        Assert.Contains("action", Types(agentSession));
        var response = Assert.Single(Linear.Activities(agentSession), a => (string?)a["content"]!["type"] == "response");
        Assert.Equal("Fixed the checkout crash.", (string?)response["content"]!["body"]);
        // The ledger notes the word once Linear has answered the post: a moment after the fake has it.
        await Waiting.UntilAsync(
            async () => (await EventsAsync(handler, sessionId)).Any(e => e.GetProperty("type").GetString() == "action" && e.GetProperty("data").GetProperty("key").GetString() == "linear_last_word"),
            TimeSpan.FromSeconds(15),
            "the ledger's note");
    }

    [Fact]
    public async Task ALastWordLinearDidNotTake_IsSaidByTheSchedulerFunction_Once()
    {
        var handler = await StartAsync();
        var agentSession = Linear.AddAgentSession(Linear.AddIssue("ENG-413", "Cart empties"));
        var (message, _) = await CreatedAsync(handler, agentSession);
        // Linear is down for the stream's last word: the post and its retry, the look-up and its retry.
        Linear.FailNext(4, FakeFailure.ServerError(), r => r.Text.Contains("\"type\":\"response\"", StringComparison.Ordinal) || r.Text.Contains("agentActivity(id:", StringComparison.Ordinal));

        await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus.json", message, deliveryCount: 1));
        await Waiting.UntilAsync(() => Linear.Requests.Count(r => r.Text.Contains("agentActivity(id:", StringComparison.Ordinal)) >= 2, TimeSpan.FromSeconds(15), "the stream's try");
        var beforeTheLook = Types(agentSession).Count(t => t == "response");
        var tick = await handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer.json"));

        Assert.True(tick.Status == 200, tick.ToString());
        Assert.Equal(0, beforeTheLook);
        Assert.Single(Types(agentSession), t => t == "response");
        Assert.Contains("was said on Linear agent session", handler.Output, StringComparison.Ordinal);
    }

    private async Task<FunctionsHandlerProcess> StartAsync()
    {
        _linear = await FakeLinear.StartAsync("lin_api_functions", AppToken);
        Setup.Definition("linear.yaml", LinearAgentDeliveries.Definition());
        var settings = Setup.Settings(
            Setup.Agent("agent", LinearAgentDeliveries.Agent),
            ("Automations:Agents:demo:Kind", "claude-code"),
            ("Automations:Sources:Linear:WebhookSecret", ProviderDeliveries.LinearSecret),
            ("Automations:Linear:ApiUrl", _linear.ApiUrl.ToString()),
            ("Automations:Linear:AccessToken", AppToken),
            ("Automations:Linear:Retry:BaseDelay", "00:00:00.010"),
            ("Automations:Linear:Retry:MaxRetries", "1"));
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, settings);
        return Handler;
    }

    /// <summary>Linear's <c>created</c> through the <c>linear</c> function; its one <c>jobs</c> message, and the session.</summary>
    private static async Task<(string Message, string SessionId)> CreatedAsync(FunctionsHandlerProcess handler, string agentSession)
    {
        var body = LinearAgentDeliveries.Created(agentSession, "issue-1", "ENG-412", "Fix the crash");
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/json; charset=utf-8"),
            new("User-Agent", "Linear-Webhook"),
            new("Linear-Delivery", $"lin-{agentSession}"),
            new("Linear-Event", "AgentSessionEvent"),
            new("Linear-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ProviderDeliveries.LinearSecret), body))),
        };
        var answer = await handler.InvokeAsync("linear", Invocations.Http("http-current.json", "POST", "https://automations-app.example.net/webhooks/linear", headers, body));
        Assert.True(answer.ResStatus == 202, answer.ToString());
        var message = Assert.Single(answer.Json.GetProperty("Outputs").GetProperty("jobs").EnumerateArray()).GetString()!;
        return (message, answer.ResBody.GetProperty("sessions")[0].GetString()!);
    }

    private static async Task<IReadOnlyList<JsonElement>> EventsAsync(FunctionsHandlerProcess handler, string sessionId) =>
        [.. (await handler.ApiAsync("GET", $"/sessions/{sessionId}/events")).Body.EnumerateArray()];

    private IReadOnlyList<string?> Types(string agentSession) => [.. Linear.Activities(agentSession).Select(a => (string?)a["content"]!["type"])];
}
