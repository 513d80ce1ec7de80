using System.Net;
using System.Text;
using System.Text.Json;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Deliveries at the edges, through the real executable: bodies that are signed right but are not UTF-8,
/// bodies at and one byte past the size limit (with a length and chunked), and captured deliveries sent
/// again under a new id, which each provider's signature allows or not.
/// </summary>
public sealed class DeliveryEdgesTests : IDisposable
{
    private static readonly string[] Sources = ["github", "sentry", "linear", "slack", "webhook"];

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private Task<EngineProcess> StartAsync(params (string Key, string Value)[] extra)
    {
        _setup.AllSourcesDefinition();
        return _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), [("Automations:Worker:Enabled", "false"), .. ProviderDeliveries.Secrets, .. extra]));
    }

    /// <summary>A body of <paramref name="source"/>'s shape whose title is the bytes <paramref name="title"/>; Linear's is sent at <paramref name="sentAt"/> (now).</summary>
    private static byte[] Body(string source, string id, byte[] title, DateTimeOffset? sentAt = null)
    {
        var template = source switch
        {
            "github" => """{"action":"opened","issue":{"number":7,"title":"TITLE","user":{"login":"octocat"},"author_association":"OWNER"},"repository":{"full_name":"acme/web"},"sender":{"login":"octocat"}}""",
            "sentry" => $$$"""{"action":"created","data":{"issue":{"id":"{{{id}}}","title":"TITLE","level":"error"}},"actor":{"type":"application","id":"sentry","name":"Sentry"}}""",
            "linear" => $$$"""{"action":"create","type":"Issue","webhookTimestamp":{{{(sentAt ?? TimeProvider.System.GetUtcNow()).ToUnixTimeMilliseconds()}}},"data":{"id":"{{{id}}}","identifier":"ENG-7","title":"TITLE"}}""",
            "slack" => $$$"""{"type":"event_callback","event_id":"Ev{{{id}}}","event_time":{{{ProviderDeliveries.UnixNow()}}},"event":{"type":"app_mention","user":"U1","ts":"1.1","text":"TITLE"}}""",
            _ => $$$"""{"id":"{{{id}}}","title":"TITLE"}""",
        };
        var at = template.IndexOf("TITLE", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. title, .. Encoding.UTF8.GetBytes(template[(at + "TITLE".Length)..])];
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task SignedBodyOfInvalidUtf8_EverySource_Is400AndKeptAsMalformed()
    {
        await using var engine = await StartAsync();

        foreach (var source in Sources)
        {
            // A lone continuation byte and a truncated sequence: no UTF-8 decoder takes these.
            using var request = ProviderDeliveries.Signed(source, $"utf8-{source}", Body(source, $"utf8{source}", [0x4C, 0x6F, 0x67, 0x80, 0xC3]));
            using var response = await engine.Http.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{source}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{engine.Output}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("UTF-8", (await JsonOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var kept = (await engine.GetJsonAsync("/api/deliveries")).EnumerateArray().ToList();
        Assert.Equal(Sources.Order(StringComparer.Ordinal), kept.Select(d => d.GetProperty("source").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(kept, d => Assert.Equal("rejected", d.GetProperty("outcome").GetString()));
        Assert.Equal(0, (await engine.GetJsonAsync("/api/sessions")).GetArrayLength());
        Assert.DoesNotContain("fail:", engine.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedBodyWithALoneSurrogate_EverySource_Is400AndKeptAsMalformed()
    {
        await using var engine = await StartAsync();

        foreach (var source in Sources)
        {
            // JSON's escape for half a UTF-16 pair: JsonDocument takes it, reading the string threw (a 500).
            using var request = ProviderDeliveries.Signed(source, $"surrogate-{source}", Body(source, $"surrogate{source}", "Log \\ud800 in"u8.ToArray()));
            using var response = await engine.Http.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{source}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{engine.Output}");
            Assert.Contains("lone surrogate (\\ud800", (await JsonOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var kept = (await engine.GetJsonAsync("/api/deliveries")).EnumerateArray().ToList();
        Assert.Equal(Sources.Order(StringComparer.Ordinal), kept.Select(d => d.GetProperty("source").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(kept, d => Assert.Equal("rejected", d.GetProperty("outcome").GetString()));
        Assert.DoesNotContain("fail:", engine.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedPullRequestEventWhosePullRequestIsAString_Is400AndKept()
    {
        await using var engine = await StartAsync();
        var body = """{"action":"closed","pull_request":"x","repository":{"full_name":"acme/web"},"sender":{"login":"octocat"}}"""u8.ToArray();

        using var response = await engine.Http.SendAsync(ProviderDeliveries.GitHub("pull_request", "pr-string", body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{engine.Output}");
        Assert.Contains("payload.pull_request is a string, where GitHub sends an object.", (await JsonOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("rejected", (await engine.GetJsonAsync("/api/deliveries")).EnumerateArray().Single().GetProperty("outcome").GetString());
    }

    /// <summary>One signed delivery posted to the custom endpoint in three spellings: the endpoint is matched in one case, so it is one delivery.</summary>
    [Fact]
    public async Task CustomDelivery_SentToTheEndpointInEveryLetterCase_MakesOneSession()
    {
        await using var engine = await StartAsync();
        var body = Body("webhook", "case", "Deploy failed"u8.ToArray());
        var stamp = ProviderDeliveries.UnixNow();

        var statuses = new List<HttpStatusCode>();
        foreach (var endpoint in new[] { "deploys", "Deploys", "DEPLOYS", "dePloys" })
        {
            using var response = await engine.Http.SendAsync(ProviderDeliveries.Custom(endpoint, "msg_case", stamp, body));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(1, (await engine.GetJsonAsync("/api/sessions")).GetArrayLength());
        Assert.Equal("webhook.deploys", (await engine.GetJsonAsync("/api/sessions")).EnumerateArray().Single().GetProperty("trigger").GetProperty("kind").GetString());
    }

    /// <summary>
    /// A delivery someone captured (body and headers) and sends again with the id header changed. What gets
    /// through is what the provider's signature covers: GitHub signs the body alone and has no timestamp, so
    /// a new <c>X-GitHub-Delivery</c> is a new delivery; Linear signs a body holding <c>webhookTimestamp</c>,
    /// so a new <c>Linear-Delivery</c> passes only within its 60 s window; Sentry's id is read from the body
    /// and Slack's <c>event_id</c> is in it, so those are duplicates; a Standard Webhooks id is signed.
    /// </summary>
    [Fact]
    public async Task CapturedDelivery_SentAgainUnderANewId_GetsWhatTheProvidersSignatureAllows()
    {
        (string Source, string? IdHeader, int CapturedSecondsAgo, HttpStatusCode First, HttpStatusCode Again)[] cases =
        [
            ("github", "X-GitHub-Delivery", 0, HttpStatusCode.Accepted, HttpStatusCode.Accepted),
            ("linear", "Linear-Delivery", 0, HttpStatusCode.Accepted, HttpStatusCode.Accepted),
            ("linear", "Linear-Delivery", 120, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            ("sentry", "Request-ID", 0, HttpStatusCode.Accepted, HttpStatusCode.OK),
            ("slack", null, 0, HttpStatusCode.Accepted, HttpStatusCode.OK),
            ("webhook", "webhook-id", 0, HttpStatusCode.Accepted, HttpStatusCode.Unauthorized),
        ];
        await using var engine = await StartAsync();

        foreach (var (source, idHeader, capturedSecondsAgo, first, again) in cases)
        {
            var name = $"{source}, captured {capturedSecondsAgo} s ago";
            var sessionsBefore = (await engine.GetJsonAsync("/api/sessions?limit=1000")).GetArrayLength();
            var body = Body(source, $"replayed{capturedSecondsAgo}", "Login is broken"u8.ToArray(), TimeProvider.System.GetUtcNow().AddSeconds(-capturedSecondsAgo));
            using var captured = ProviderDeliveries.Signed(source, $"first-{source}-{capturedSecondsAgo}", body);
            var headers = captured.Headers.ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase);
            using var sent = await engine.Http.SendAsync(Copy(captured.RequestUri!, body, headers));
            if (idHeader is not null)
            {
                headers[idHeader] = $"new-{source}-{capturedSecondsAgo}";
            }

            using var resent = await engine.Http.SendAsync(Copy(captured.RequestUri!, body, headers));

            Assert.True((first, again) == (sent.StatusCode, resent.StatusCode), $"{name}: {sent.StatusCode}, then {resent.StatusCode}");
            var made = (await engine.GetJsonAsync("/api/sessions?limit=1000")).GetArrayLength() - sessionsBefore;
            Assert.True((first == HttpStatusCode.Accepted ? 1 : 0) + (again == HttpStatusCode.Accepted ? 1 : 0) == made, $"{name}: {made} session(s)");
        }
    }

    /// <summary>The captured delivery sent again: the same path, body and headers.</summary>
    private static HttpRequestMessage Copy(Uri path, byte[] body, Dictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    [Fact]
    public async Task BodyExactlyAtTheLimit_IsTaken_OneByteOver_Is413_WithALengthOrChunked()
    {
        const int Limit = 65536;
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false"), ("Automations:Ingest:MaxBodyBytes", "65536")));

        async Task<HttpStatusCode> PostAsync(string deliveryId, byte[] body, bool chunked)
        {
            using var request = ProviderDeliveries.GitHub("issues", deliveryId, body);
            if (chunked)
            {
                // No length up front: the cap is enforced while the body is read.
                request.Content = new StreamContent(new NotSeekable(body));
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.TransferEncodingChunked = true;
            }

            using var response = await engine.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync("at-limit", EngineSetup.Padded("issues-labeled.json", Limit), chunked: false));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync("at-limit-chunked", EngineSetup.Padded("issues-labeled.json", Limit), chunked: true));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostAsync("over-limit", EngineSetup.Padded("issues-labeled.json", Limit + 1), chunked: false));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostAsync("over-limit-chunked", EngineSetup.Padded("issues-labeled.json", Limit + 1), chunked: true));
        var kept = (await engine.GetJsonAsync("/api/deliveries?outcome=accepted")).EnumerateArray().ToList();
        Assert.Equal(["at-limit", "at-limit-chunked"], kept.Select(d => d.GetProperty("deliveryId").GetString()).Order(StringComparer.Ordinal));
        Assert.All(kept, d => Assert.Equal(Limit, d.GetProperty("bodyBytes").GetInt32()));
        var refused = (await engine.GetJsonAsync("/api/deliveries?outcome=refused")).EnumerateArray().ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, d => Assert.Equal($"the body is over {Limit} bytes", d.GetProperty("error").GetString()));
    }

    private sealed class NotSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
