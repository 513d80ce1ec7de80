using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>Slack's Events API against the real executable: handshake, mentions, retries, stale requests.</summary>
public sealed class SlackTests : IDisposable
{
    private const string SigningSecret = "e2e-slack-signing-secret";

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static string Sign(string timestamp, byte[] body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(SigningSecret),
            (byte[])[.. Encoding.UTF8.GetBytes($"v0:{timestamp}:"), .. body]));

    private static async Task<HttpResponseMessage> PostAsync(EngineProcess engine, byte[] body, long timestamp, string? signature = null, int? retry = null)
    {
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/slack") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", signature ?? Sign(ts, body));
        if (retry is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(CultureInfo.InvariantCulture));
        }

        return await engine.Http.SendAsync(request);
    }

    private async Task<EngineProcess> StartAsync()
    {
        _setup.Definition("mention.yaml", """
            name: mention-fix
            on:
              - slack: { event: app_mention }
            repository: acme/web
            agent: { use: demo }
            instructions: "{{ event.subject.title }}"
            """);
        return await _setup.StartAsync(_setup.Settings(
            _setup.Agent("agent", "true"),
            ("Automations:Worker:Enabled", "false"),
            ("Automations:Sources:Slack:SigningSecret", SigningSecret)));
    }

    private static long UnixNow() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task UrlVerification_Signed_AnswersWithChallengeAndStoresNothing()
    {
        await using var engine = await StartAsync();
        var body = Encoding.UTF8.GetBytes("""{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");

        using var response = await PostAsync(engine, body, UnixNow());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answer.GetProperty("challenge").GetString());
        Assert.Equal(0, (await engine.GetJsonAsync("/api/deliveries")).GetArrayLength());
    }

    [Fact]
    public async Task AppMention_ThenRetry_OneSessionAndRetryIsDuplicate()
    {
        await using var engine = await StartAsync();
        var body = Encoding.UTF8.GetBytes("""
            {"token":"t","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"Ev0PV52K21","event_time":1767600000,
             "event":{"type":"app_mention","user":"U061F7AUR","text":"<@U0LAN0Z89> fix the login bug","ts":"1767600000.000200","channel":"C0LAN2Q65","event_ts":"1767600000.000200"}}
            """);

        using var first = await PostAsync(engine, body, UnixNow());
        using var retry = await PostAsync(engine, body, UnixNow(), retry: 1);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var sessions = await engine.GetJsonAsync("/api/sessions");
        var session = Assert.Single(sessions.EnumerateArray());
        Assert.Equal("mention-fix", session.GetProperty("automation").GetString());
        Assert.Equal("slack.app_mention", session.GetProperty("trigger").GetProperty("kind").GetString());
        Assert.Equal("Ev0PV52K21", session.GetProperty("trigger").GetProperty("deliveryId").GetString());
    }

    [Fact]
    public async Task StaleOrForged_Is401AndStoresNothing()
    {
        await using var engine = await StartAsync();
        var body = Encoding.UTF8.GetBytes("""{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"hi","ts":"1.2"}}""");

        using var stale = await PostAsync(engine, body, UnixNow() - 600);
        using var forged = await PostAsync(engine, body, UnixNow(), signature: "v0=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Contains("timestamp", JsonDocument.Parse(await stale.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(["refused", "refused"], (await engine.GetJsonAsync("/api/deliveries")).EnumerateArray().Select(d => d.GetProperty("outcome").GetString()));
    }
}
