using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>Custom webhooks, Sentry and Linear, each through the real executable.</summary>
public sealed class SourcesTests : IDisposable
{
    private const string HookSecret = ProviderDeliveries.HookSecret;
    private const string SentrySecret = ProviderDeliveries.SentrySecret;
    private const string LinearSecret = ProviderDeliveries.LinearSecret;

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static long UnixNow() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    private Dictionary<string, string> Settings(params (string Key, string Value)[] extra) =>
        _setup.Settings(_setup.Agent("agent", "true"), [("Automations:Worker:Enabled", "false"), .. extra]);

    private static async Task<HttpResponseMessage> PostCustomAsync(EngineProcess engine, string endpoint, string id, byte[] body, string secret = HookSecret)
    {
        var timestamp = UnixNow().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray()));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/custom/{endpoint}") { Content = new ByteArrayContent(body) };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", $"v1,bm90LXRoaXMtb25l {signature}");
        return await engine.Http.SendAsync(request);
    }

    [Fact]
    public async Task CustomWebhook_SignedWithDefinitionsSecret_StartsSession_UnknownEndpointIs404()
    {
        _setup.Definition("deploys.yaml", """
            name: on-deploy
            on:
              - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET, where: { payload.environment: production } }
            repository: acme/web
            agent: { use: demo }
            instructions: "Check deploy {{ event.subject.id }}"
            """);
        await using var engine = await _setup.StartAsync(Settings(("DEPLOY_HOOK_SECRET", HookSecret)));
        var body = Encoding.UTF8.GetBytes("""{"id":"dep_42","title":"web v1.2.3","environment":"production","status":"succeeded"}""");

        using var accepted = await PostCustomAsync(engine, "deploys", "msg_1", body);
        using var again = await PostCustomAsync(engine, "deploys", "msg_1", body);
        using var forged = await PostCustomAsync(engine, "deploys", "msg_2", body, "whsec_" + Convert.ToBase64String(new byte[24]));
        using var unknown = await PostCustomAsync(engine, "nope", "msg_3", body);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(["on-deploy"], JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("matched").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var session = Assert.Single((await engine.GetJsonAsync("/api/sessions")).EnumerateArray());
        Assert.Equal("webhook.deploys", session.GetProperty("trigger").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Sentry_SignedIssueCreated_MatchesOnSeverity()
    {
        _setup.Definition("sentry.yaml", """
            name: sentry-autofix
            on:
              - sentry: { resource: issue, action: created, where: { subject.severity: [error, fatal] } }
            repository: acme/web
            agent: { use: demo }
            instructions: "Fix {{ event.subject.title }}"
            """);
        await using var engine = await _setup.StartAsync(Settings(("Automations:Sources:Sentry:ClientSecret", SentrySecret)));
        var body = Encoding.UTF8.GetBytes("""
            {"action":"created","installation":{"uuid":"7a485448-a9e2-4c85-8a3c-4f44175783c9"},
             "data":{"issue":{"id":"1170820242","shortId":"WEB-1A","title":"TypeError: form is null","culprit":"login.js","level":"error",
               "status":"unresolved","web_url":"https://sentry.io/organizations/acme/issues/1170820242/","firstSeen":"2026-01-05T09:00:00Z",
               "lastSeen":"2026-01-05T09:00:00Z","project":{"slug":"web"}}},
             "actor":{"type":"application","id":"sentry","name":"Sentry"}}
            """);

        using var request = ProviderDeliveries.Sentry("issue", body, SentrySecret);
        using var response = await engine.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("sentry-autofix", answer.GetProperty("matched")[0].GetString());
    }

    [Fact]
    public async Task Linear_FreshAccepted_StaleRefused()
    {
        _setup.Definition("linear.yaml", """
            name: linear-fix
            on:
              - linear: { event: Issue.create, where: { payload.data.team.key: ENG } }
            repository: acme/web
            agent: { use: demo }
            instructions: "Fix {{ event.subject.id }}"
            """);
        await using var engine = await _setup.StartAsync(Settings(("Automations:Sources:Linear:WebhookSecret", LinearSecret)));

        async Task<HttpResponseMessage> PostAsync(string delivery, long timestampMs)
        {
            var body = Encoding.UTF8.GetBytes($$$"""
                {"action":"create","type":"Issue","createdAt":"2026-01-05T09:00:00.000Z","webhookTimestamp":{{{timestampMs}}},
                 "actor":{"id":"u1","name":"Maria"},"url":"https://linear.app/acme/issue/ENG-123/login",
                 "data":{"id":"9c1f","identifier":"ENG-123","number":123,"title":"Login broken","team":{"id":"t1","key":"ENG","name":"Engineering"},
                   "state":{"name":"Todo"},"labels":[{"name":"bug"}]}}
                """);
            using var request = ProviderDeliveries.Linear("Issue", delivery, body, LinearSecret);
            return await engine.Http.SendAsync(request);
        }

        using var fresh = await PostAsync("lin-1", UnixNow() * 1000);
        using var stale = await PostAsync("lin-2", (UnixNow() - 120) * 1000);

        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
        Assert.Equal("linear-fix", JsonDocument.Parse(await fresh.Content.ReadAsStringAsync()).RootElement.GetProperty("matched")[0].GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
    }

    [Theory]
    [InlineData("github")]
    [InlineData("sentry")]
    [InlineData("linear")]
    [InlineData("slack")]
    [InlineData("webhook")]
    public async Task WrongSignature_EverySource_Is401AndRecordedAsRefused(string source)
    {
        _setup.AllSourcesDefinition();
        await using var engine = await _setup.StartAsync(Settings(
            ("DEPLOY_HOOK_SECRET", HookSecret),
            ("Automations:Sources:Sentry:ClientSecret", SentrySecret),
            ("Automations:Sources:Linear:WebhookSecret", LinearSecret),
            ("Automations:Sources:Slack:SigningSecret", "slack-secret")));
        var body = Encoding.UTF8.GetBytes($$$$"""{"action":"created","type":"Issue","webhookTimestamp":{{{{UnixNow() * 1000}}}},"event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"x","ts":"1.1"},"data":{"issue":{"id":"1","title":"t"}}}""");
        var now = UnixNow().ToString(CultureInfo.InvariantCulture);
        var wrong = new string('a', 64);
        var (path, headers) = source switch
        {
            "github" => ("/webhooks/github", new[] { ("X-GitHub-Event", "issues"), ("X-GitHub-Delivery", "w-1"), ("X-Hub-Signature-256", "sha256=" + wrong) }),
            "sentry" => ("/webhooks/sentry", [("Sentry-Hook-Resource", "issue"), ("Sentry-Hook-Signature", wrong)]),
            "linear" => ("/webhooks/linear", [("Linear-Delivery", "w-1"), ("Linear-Signature", wrong)]),
            "slack" => ("/webhooks/slack", [("X-Slack-Request-Timestamp", now), ("X-Slack-Signature", "v0=" + wrong)]),
            _ => ("/webhooks/custom/deploys", [("webhook-id", "w-1"), ("webhook-timestamp", now), ("webhook-signature", "v1," + Convert.ToBase64String(new byte[32]))]),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await engine.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var refused = Assert.Single((await engine.GetJsonAsync("/api/deliveries")).EnumerateArray());
        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        Assert.Equal(source, refused.GetProperty("source").GetString());
        Assert.Equal(0, (await engine.GetJsonAsync("/api/sessions")).GetArrayLength());
    }

    [Fact]
    public async Task CustomWebhook_OutsideItsWindow_Is401()
    {
        _setup.Definition("deploys.yaml", """
            name: on-deploy
            on:
              - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }
            repository: acme/web
            agent: { use: demo }
            instructions: x
            """);
        await using var engine = await _setup.StartAsync(Settings(("DEPLOY_HOOK_SECRET", HookSecret)));
        var body = Encoding.UTF8.GetBytes("""{"id":"dep_1"}""");
        var stale = (UnixNow() - 600).ToString(CultureInfo.InvariantCulture);
        var signature = Core.Sources.StandardWebhooks.StandardWebhookSignature.Sign(HookSecret, "msg_old", UnixNow() - 600, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/custom/deploys") { Content = new ByteArrayContent(body) };
        request.Headers.Add("webhook-id", "msg_old");
        request.Headers.Add("webhook-timestamp", stale);
        request.Headers.Add("webhook-signature", signature);

        using var response = await engine.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("timestamp", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var refused = Assert.Single((await engine.GetJsonAsync("/api/deliveries")).EnumerateArray());
        Assert.Equal("the delivery's timestamp is outside the allowed window", refused.GetProperty("error").GetString());
        Assert.Equal("webhook.deploys", refused.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Sentry_IssueCreated_FirstPromptCarriesTheLatestStackTrace_Fenced()
    {
        await using var sentry = await Automations.Testing.Fakes.FakeSentry.StartAsync("sntrys_e2e_token");
        sentry.AddIssue(
            new System.Text.Json.Nodes.JsonObject { ["id"] = "1170820242", ["title"] = "TypeError: form is null", ["level"] = "error" },
            System.Text.Json.Nodes.JsonNode.Parse("""
                {"eventID":"9fac2ceed9344f2bbfdd1fdacb0ed9b1","title":"TypeError: form is null","entries":[{"type":"exception","data":{"values":[
                  {"type":"TypeError","value":"form is null","stacktrace":{"frames":[
                    {"filename":"node_modules/react-dom.js","function":"commit","lineNo":10,"inApp":false},
                    {"filename":"src/login.js","function":"submitLogin","lineNo":17,"colNo":9,"inApp":true}]}}]}}]}
                """)!.AsObject());
        _setup.SentryAutofixDefinition();
        var settings = _setup.Settings(
            _setup.Agent("prompt-agent", "cat > PROMPT.md"),
            ("Automations:Sources:Sentry:ClientSecret", SentrySecret),
            ("Automations:Sentry:ApiUrl", sentry.ApiUrl.ToString()),
            ("Automations:Sentry:Token", "sntrys_e2e_token"));
        await using var engine = await _setup.StartAsync(settings);
        var body = Encoding.UTF8.GetBytes("""
            {"action":"created","installation":{"uuid":"7a485448-a9e2-4c85-8a3c-4f44175783c9"},
             "data":{"issue":{"id":"1170820242","shortId":"WEB-1A","title":"TypeError: form is null","culprit":"login.js","level":"error",
               "status":"unresolved","web_url":"https://sentry.io/organizations/acme/issues/1170820242/","project":{"slug":"web"}}},
             "actor":{"type":"application","id":"sentry","name":"Sentry"}}
            """);
        using var request = ProviderDeliveries.Sentry("issue", body, SentrySecret);
        using var response = await engine.Http.SendAsync(request);
        var sessionId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;

        await engine.WaitForSessionAsync(sessionId, s => s.GetProperty("status").GetString() is "done" or "errored");

        var prompt = Automations.Testing.GitRepository.Show(_setup.Remote, $"automations/sentry-autofix/{sessionId}", "PROMPT.md");
        Assert.Contains("Fix <untrusted-data", prompt, StringComparison.Ordinal);
        Assert.Contains("TypeError: form is null", prompt, StringComparison.Ordinal);
        Assert.Contains("The Sentry issue's latest event:", prompt, StringComparison.Ordinal);
        Assert.Contains("submitLogin", prompt, StringComparison.Ordinal);
        Assert.Contains("src/login.js", prompt, StringComparison.Ordinal);
        Assert.Contains("<untrusted-data", prompt, StringComparison.Ordinal);
        Assert.Single(sentry.RequestsTo("GET", "/api/0/issues/1170820242/events/latest/"));
    }
}
