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
        _setup.Definition("all.yaml", """
            name: all-sources
            on:
              - github: { event: issues }
              - sentry: { resource: issue }
              - linear: { event: Issue }
              - slack: { event: app_mention }
              - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }
            repository: acme/web
            agent: { use: demo }
            instructions: x
            """);
        return _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), [("Automations:Worker:Enabled", "false"), .. ProviderDeliveries.Secrets, .. extra]));
    }

    /// <summary>A body of <paramref name="source"/>'s shape whose title is <paramref name="title"/>, as raw bytes.</summary>
    private static byte[] Body(string source, string id, byte[] title)
    {
        var (before, after) = source switch
        {
            "github" => ("""{"action":"opened","issue":{"number":7,"title":" """, """ ","user":{"login":"octocat"},"author_association":"OWNER"},"repository":{"full_name":"acme/web"},"sender":{"login":"octocat"}}"""),
            "sentry" => ($$"""{"action":"created","data":{"issue":{"id":"{{id}}","title":" """, """ ","level":"error"}},"actor":{"type":"application","id":"sentry","name":"Sentry"}}"""),
            "linear" => ($$"""{"action":"create","type":"Issue","webhookTimestamp":{{ProviderDeliveries.UnixNow() * 1000}},"data":{"id":"{{id}}","identifier":"ENG-7","title":" """, """ "}}"""),
            "slack" => ($$"""{"type":"event_callback","event_id":"Ev{{id}}","event_time":{{ProviderDeliveries.UnixNow()}},"event":{"type":"app_mention","user":"U1","ts":"1.1","text":" """, """ "}}"""),
            _ => ($$"""{"id":"{{id}}","title":" """, """ "}"""),
        };
        return [.. Encoding.UTF8.GetBytes(before.TrimEnd()), .. title, .. Encoding.UTF8.GetBytes(after.TrimStart())];
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
        Assert.All(kept, d => Assert.Equal("malformed", d.GetProperty("status").GetString()));
        Assert.Equal(0, (await engine.GetJsonAsync("/api/sessions")).GetArrayLength());
        Assert.DoesNotContain("fail:", engine.Output, StringComparison.Ordinal);
    }
}
