using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Sources.StandardWebhooks;
using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// The HTTP functions of the real handler, driven over HTTP as the Functions host drives them: webhook
/// deliveries in <c>Data.req</c> in both recorded shapes, answered through <c>res</c> with their jobs as the
/// Service Bus output <c>jobs</c>; the API through the <c>api</c> function; invocations that are not right.
/// </summary>
public sealed class FunctionsHttpTests : FunctionsHandlerTests
{
    private const string HookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";


    private async Task<FunctionsHandlerProcess> StartAsync()
    {
        Setup.AutofixDefinition();
        Setup.Definition("deploys.yaml", """
            name: deploys
            on:
              - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }
            repository: acme/web
            agent: { use: demo }
            instructions: Check the deploy.
            """);
        var settings = Setup.Settings(Setup.Agent("agent", "echo fixed > FIX.md"), ("DEPLOY_HOOK_SECRET", HookSecret));
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, settings);
        return Handler;
    }

    private static List<KeyValuePair<string, string>> GitHubHeaders(string deliveryId, byte[] body, string? signature = null) =>
    [
        new("Content-Type", "application/json"),
        new("User-Agent", "GitHub-Hookshot/abc123"),
        new("X-GitHub-Event", "issues"),
        new("X-GitHub-Delivery", deliveryId),
        new("X-Hub-Signature-256", signature ?? EngineSetup.Sign(body)),
    ];

    private static JsonObject GitHub(string fixture, string deliveryId, byte[] body, string? signature = null) =>
        Invocations.Http(fixture, "POST", "https://automations-app.example.net/webhooks/github", GitHubHeaders(deliveryId, body, signature), body);

    [Theory]
    [InlineData("http-docs.json")]
    [InlineData("http-current.json")]
    public async Task GitHub_SignedDeliveryInEitherQueryShape_AnswersResAndHandsJobToServiceBus(string fixture)
    {
        var handler = await StartAsync();
        var body = EngineSetup.Payload("issues-labeled.json");

        var answer = await handler.InvokeAsync("github", GitHub(fixture, "delivery-" + fixture, body));

        Assert.True(answer.Status == 200, answer.ToString());
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal(202, answer.ResStatus);
        Assert.StartsWith("application/json", answer.Res.GetProperty("headers").GetProperty("Content-Type").GetString(), StringComparison.Ordinal);
        var res = answer.ResBody;
        Assert.Equal("delivery-" + fixture, res.GetProperty("deliveryId").GetString());
        Assert.False(res.GetProperty("duplicate").GetBoolean());
        Assert.Equal("autofix", res.GetProperty("matched")[0].GetString());
        var job = Assert.Single(answer.Jobs);
        Assert.Equal(res.GetProperty("sessions")[0].GetString(), job.GetProperty("session").GetString());
        Assert.Equal("autofix", job.GetProperty("automation").GetString());
        Assert.Equal("github", job.GetProperty("source").GetString());
        Assert.Equal("delivery-" + fixture, job.GetProperty("delivery").GetString());
        Assert.Contains(answer.Logs, l => l.StartsWith("github: 202", StringComparison.Ordinal));

        // Handed over in the delivery's own commit: the timer does not send the job a second time.
        var timer = await handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer-no-status.json"));
        Assert.Equal(200, timer.Status);
        Assert.Empty(timer.Jobs);
    }

    [Fact]
    public async Task GitHub_BadSignature_Answers401InResAndNoJobs()
    {
        var handler = await StartAsync();
        var body = EngineSetup.Payload("issues-labeled.json");

        var answer = await handler.InvokeAsync("github", GitHub("http-current.json", "delivery-forged", body, EngineSetup.Sign(body, "not-the-secret")));

        // The invocation itself succeeded: the caller gets the 401 through res.
        Assert.True(answer.Status == 200, answer.ToString());
        Assert.Equal(401, answer.ResStatus);
        Assert.Equal("application/problem+json", answer.Res.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal("the signature does not match the body", answer.ResBody.GetProperty("detail").GetString());
        Assert.Empty(answer.Jobs);
    }

    [Fact]
    public async Task GitHub_BodyChangedAfterSigning_Answers401()
    {
        // The signature is checked over Data.req.Body exactly as received: one byte more and it fails.
        var handler = await StartAsync();
        var body = EngineSetup.Payload("issues-labeled.json");
        var invocation = GitHub("http-current.json", "delivery-changed", body);
        invocation["Data"]!["req"]!["Body"] = Encoding.UTF8.GetString(body) + " ";

        var answer = await handler.InvokeAsync("github", invocation);

        Assert.Equal(401, answer.ResStatus);
        Assert.Empty(answer.Jobs);
    }

    [Fact]
    public async Task GitHub_Redelivery_AnswersDuplicateWithFirstSessionAndNoNewJob()
    {
        var handler = await StartAsync();
        var body = EngineSetup.Payload("issues-labeled.json");

        var first = await handler.InvokeAsync("github", GitHub("http-current.json", "delivery-twice", body));
        var second = await handler.InvokeAsync("github", GitHub("http-current.json", "delivery-twice", body));

        Assert.Equal(202, first.ResStatus);
        Assert.Equal(200, second.ResStatus);
        Assert.True(second.ResBody.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.ResBody.GetProperty("sessions")[0].GetString(), second.ResBody.GetProperty("sessions")[0].GetString());
        Assert.Single(first.Jobs);
        Assert.Empty(second.Jobs);
    }

    [Fact]
    public async Task Custom_BinaryBodyAsBase64_VerifiedOnDecodedBytesAndEndpointFromParams()
    {
        var handler = await StartAsync();
        var body = Encoding.UTF8.GetBytes("{\"environment\":\"production\",\"version\":\"1.2.3\"}");
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/octet-stream"),
            new("webhook-id", "msg_binary"),
            new("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            new("webhook-signature", StandardWebhookSignature.Sign(HookSecret, "msg_binary", timestamp, body)),
        };
        var invocation = Invocations.Http(
            "http-current.json", "POST", "https://automations-app.example.net/webhooks/custom/deploys", headers, body, new Dictionary<string, string> { ["endpoint"] = "deploys" }, base64: true);

        var answer = await handler.InvokeAsync("custom", invocation);

        Assert.True(answer.ResStatus == 202, answer.ToString());
        Assert.Equal("deploys", Assert.Single(answer.Jobs).GetProperty("automation").GetString());
    }

    [Theory]
    [InlineData("http-docs.json")]
    [InlineData("http-current.json")]
    public async Task Custom_QuotedMessageId_IsVerifiedAsSentAndKeptAsTheDeliveryId(string fixture)
    {
        // A header value that is itself a quoted string reaches the endpoint with its quotes: the signature
        // covers them, and the delivery is recorded under the id as sent.
        var handler = await StartAsync();
        var body = "{\"environment\":\"production\"}"u8.ToArray();
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        const string id = "\"msg_quoted\"";
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/json"),
            new("webhook-id", id),
            new("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            new("webhook-signature", StandardWebhookSignature.Sign(HookSecret, id, timestamp, body)),
        };
        var invocation = Invocations.Http(
            fixture, "POST", "https://automations-app.example.net/webhooks/custom/deploys", headers, body, new Dictionary<string, string> { ["endpoint"] = "deploys" });

        var answer = await handler.InvokeAsync("custom", invocation);

        Assert.True(answer.ResStatus == 202, answer.ToString());
        Assert.Contains(id, answer.ResBody.GetProperty("deliveryId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_UnknownEndpoint_Answers404InRes()
    {
        var handler = await StartAsync();
        var invocation = Invocations.Http(
            "http-current.json", "POST", "https://automations-app.example.net/webhooks/custom/nowhere", [new("Content-Type", "application/json")], "{}"u8.ToArray(), new Dictionary<string, string> { ["endpoint"] = "nowhere" });

        var answer = await handler.InvokeAsync("custom", invocation);

        Assert.Equal(404, answer.ResStatus);
        Assert.Contains("/webhooks/custom/nowhere", answer.ResBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_SessionsThroughApiFunction_AnswersAsStandaloneAndNeedsTheKey()
    {
        var handler = await StartAsync();
        var body = EngineSetup.Payload("issues-labeled.json");
        var delivery = await handler.InvokeAsync("github", GitHub("http-docs.json", "delivery-api", body));
        var sessionId = delivery.ResBody.GetProperty("sessions")[0].GetString();

        var list = await handler.ApiAsync("GET", "/sessions?automation=autofix");
        var none = await handler.ApiAsync("GET", "/sessions?automation=other");
        var one = await handler.ApiAsync("GET", $"/sessions/{sessionId}");
        var anonymous = await handler.ApiAsync("GET", "/sessions", key: null);

        Assert.True(list.Status == 200, list.ToString());
        Assert.Equal(sessionId, Assert.Single(list.Body.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(none.Body.EnumerateArray());
        Assert.Equal("queued", one.Body.GetProperty("status").GetString());
        Assert.Equal(401, anonymous.Status);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/sessions/0190f0a0", true)]
    [InlineData("/api/sessions", true)]
    [InlineData("/console/assets/console.js", true)]
    [InlineData("/webhooks-and-more", true)]
    [InlineData("/webhooks/github", false)]
    [InlineData("/webhooks/custom/deploys", false)]
    [InlineData("/Webhooks/GitHub", false)]
    [InlineData("/webhooks", false)]
    public void ApiRoute_ServesTheApiAndTheConsole_NeverTheWebhooks(string path, bool served)
    {
        // The host does not order routes by how specific they are: the constraint alone keeps deliveries from it.
        Assert.Equal(served, FunctionRoutes.ApiServes(path));
    }

    [Fact]
    public async Task Readiness_RootAnswers_UnknownFunctionIsNotServed()
    {
        var handler = await StartAsync();

        using var ready = await handler.GetAsync("/");
        var unknown = await handler.InvokeAsync("orders", FunctionsHandlerProcess.Fixture("http-docs.json"));

        // The console's front page: to its sign-in, which is an answer, so the host counts the handler ready.
        Assert.Equal(System.Net.HttpStatusCode.Redirect, ready.StatusCode);
        Assert.Equal("/sign-in", new Uri(new Uri("http://handler/"), ready.Headers.Location!).AbsolutePath);
        Assert.Equal(404, unknown.Status);
    }

    [Theory]
    [InlineData("github", "not json at all", "the invocation is not JSON")]
    [InlineData("github", "[1, 2]", "not a JSON object with Data and Metadata")]
    [InlineData("github", "{\"Metadata\": {}}", "no Data object")]
    [InlineData("github", "{\"Data\": {\"request\": {}}, \"Metadata\": {}}", "Data.req is not an HTTP request: it is missing")]
    [InlineData("slack", "{\"Data\": {\"req\": 42}, \"Metadata\": {}}", "Data.req is not an HTTP request: it is a JSON number")]
    [InlineData("custom", "{\"Data\": {\"req\": {\"Method\": \"POST\", \"Headers\": {\"Content-Type\": [\"application/octet-stream\"]}, \"Body\": \"%%%\"}}}", "Body of a application/octet-stream request is not base64")]
    [InlineData("scheduler", "{\"Data\": \"x\"}", "the invocation has no Data object")]
    public async Task Invocation_NotAnInvocation_Answers400WithTheReasonAndStoresNothing(string function, string body, string reason)
    {
        var handler = await StartAsync();

        var answer = await handler.PostRawAsync(function, body);
        var deliveries = await handler.ApiAsync("GET", "/deliveries");

        // Non-2xx: the host answers the provider 500, and the provider delivers again; nothing was taken in.
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.Contains(reason, Assert.Single(answer.Logs), StringComparison.Ordinal);
        Assert.Empty(deliveries.Body.EnumerateArray());
    }
}
