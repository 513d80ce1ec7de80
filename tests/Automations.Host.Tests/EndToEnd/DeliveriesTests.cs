using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Automations.Testing;
using Microsoft.Data.Sqlite;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Every delivery is recorded, through the real executable: a refusal with its reason and no secret, a
/// flood of forgeries within the refused record's cap, an unmatched delivery that says why each automation
/// missed, and its replay after the definition is fixed.
/// </summary>
public sealed class DeliveriesTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private Task<EngineProcess> StartAsync(params (string Key, string Value)[] extra)
    {
        _setup.AutofixDefinition();
        return _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), [("Automations:Worker:Enabled", "false"), .. extra]));
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task WrongSignature_IsListedAsRefused_WithItsReasonAndNoSecret()
    {
        await using var engine = await StartAsync();
        var body = EngineSetup.Payload("issues-labeled.json");
        using var forged = ProviderDeliveries.GitHub("issues", "forged-1", body, secret: "not-the-secret");
        var signature = forged.Headers.GetValues("X-Hub-Signature-256").Single();

        using var response = await engine.Http.SendAsync(forged);
        var answer = await JsonOf(response);
        var listed = await engine.Http.GetStringAsync("/api/deliveries?outcome=refused");
        var refused = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single();
        var detail = await engine.Http.GetStringAsync($"/api/deliveries/{refused.GetProperty("deliveryId").GetString()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("refused", answer.GetProperty("outcome").GetString());
        Assert.Equal("github", refused.GetProperty("source").GetString());
        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        Assert.Equal("the signature does not match the body", refused.GetProperty("error").GetString());
        Assert.Equal("issues", JsonDocument.Parse(detail).RootElement.GetProperty("headers").GetProperty("X-GitHub-Event").GetString());
        Assert.Equal("forged-1", JsonDocument.Parse(detail).RootElement.GetProperty("headers").GetProperty("X-GitHub-Delivery").GetString());
        Assert.Empty(await engine.GetJsonAsync("/api/deliveries?outcome=accepted").ContinueWith(t => t.Result.EnumerateArray().ToList()));
        foreach (var text in new[] { listed, detail, engine.Output })
        {
            Assert.DoesNotContain(signature["sha256=".Length..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(EngineSetup.Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("X-Hub-Signature", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("Delivery github: refused, the signature does not match the body", engine.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenThousandForgeries_LeaveTheRefusedRecordWithinItsCap_AndCountEveryOne()
    {
        await using var engine = await StartAsync(("Automations:Ingest:RefusedCap", "500"));
        var body = EngineSetup.Payload("issues-labeled.json");

        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            using var forged = ProviderDeliveries.GitHub("issues", $"forged-{i}", body, secret: $"guess-{i}");
            using var response = await engine.Http.SendAsync(forged, token);
            statuses.Add(response.StatusCode);
        });

        var kept = await engine.GetJsonAsync("/api/deliveries?outcome=refused&limit=1000");
        var counts = await engine.GetJsonAsync("/api/deliveries/refusals");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(500, kept.GetArrayLength());
        Assert.Equal(10_000, counts.EnumerateArray().Single(c => c.GetProperty("source").GetString() == "github").GetProperty("count").GetInt64());

        // The record still takes what comes next, and the newest stays.
        using var last = ProviderDeliveries.GitHub("issues", "the-last-one", body, secret: "guess");
        using var lastResponse = await engine.Http.SendAsync(last);
        var newest = (await engine.GetJsonAsync("/api/deliveries?outcome=refused&limit=1")).EnumerateArray().Single();
        var detail = await engine.GetJsonAsync($"/api/deliveries/{newest.GetProperty("deliveryId").GetString()}");
        Assert.Equal("the-last-one", detail.GetProperty("headers").GetProperty("X-GitHub-Delivery").GetString());
        Assert.Equal(500, (await engine.GetJsonAsync("/api/deliveries?outcome=refused&limit=1000")).GetArrayLength());
    }

    [Fact]
    public async Task UnmatchedDelivery_DetailSaysWhyEachAutomationMissed_AndReplayAfterTheFixStartsASession()
    {
        _setup.Definition("other.yaml", """
            name: on-push
            on:
              - github: { event: push }
            repository: acme/web
            agent: { use: demo }
            instructions: x
            """);
        await using var engine = await StartAsync();
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(EngineSetup.Payload("issues-labeled.json")).Replace("\"autofix\"", "\"auto-fix\"", StringComparison.Ordinal));

        using var request = ProviderDeliveries.GitHub("issues", "typo-1", body);
        request.Headers.Add("X-Api-Key", "a-sender-token");
        using var response = await engine.Http.SendAsync(request);
        var answer = await JsonOf(response);
        var detail = await engine.GetJsonAsync("/api/deliveries/typo-1");
        var verdicts = detail.GetProperty("automations").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!, a => a);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("unmatched", answer.GetProperty("outcome").GetString());
        Assert.Contains("no enabled automation matched github.issues.labeled", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("unmatched", detail.GetProperty("outcome").GetString());
        Assert.Equal("miss", verdicts["autofix"].GetProperty("outcome").GetString());
        Assert.Contains("payload.label.name", verdicts["autofix"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("auto-fix", verdicts["autofix"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("github.issues.labeled", verdicts["on-push"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("auto-fix", detail.GetProperty("event").GetProperty("payload").GetProperty("label").GetProperty("name").GetString());
        Assert.Equal("auto-fix", detail.GetProperty("payload").GetProperty("label").GetProperty("name").GetString());
        Assert.Contains("Delivery github typo-1: unmatched", engine.Output, StringComparison.Ordinal);
        Assert.Equal("(withheld)", detail.GetProperty("headers").GetProperty("X-Api-Key").GetString());
        Assert.Equal("issues", detail.GetProperty("headers").GetProperty("X-GitHub-Event").GetString());
        Assert.DoesNotContain("a-sender-token", detail.ToString(), StringComparison.Ordinal);

        // The definition is fixed; the folder is watched, and the replay goes through today's definitions.
        _setup.Definition("autofix.yaml", File.ReadAllText(Path.Combine(_setup.AutomationsDir, "autofix.yaml")).Replace("autofix }", "auto-fix }", StringComparison.Ordinal));
        await Waiting.UntilAsync(
            async () => (await engine.GetJsonAsync("/api/deliveries/typo-1")).GetProperty("automations").EnumerateArray().Any(a => a.GetProperty("outcome").GetString() == "match"),
            TimeSpan.FromSeconds(20),
            "the fixed definition is loaded");
        using var replayResponse = await engine.Http.PostAsync("/api/deliveries/typo-1/replay", null);
        var replay = await JsonOf(replayResponse);
        var replayDetail = await engine.GetJsonAsync($"/api/deliveries/{replay.GetProperty("deliveryId").GetString()}");

        Assert.Equal(HttpStatusCode.Accepted, replayResponse.StatusCode);
        Assert.Equal("accepted", replay.GetProperty("outcome").GetString());
        Assert.Equal(["autofix"], replay.GetProperty("matched").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("typo-1", replayDetail.GetProperty("replayOf").GetString());
        var session = replayDetail.GetProperty("sessions").EnumerateArray().Single();
        Assert.Equal(replay.GetProperty("sessions")[0].GetString(), session.GetProperty("id").GetString());
        Assert.Equal("autofix", session.GetProperty("automation").GetString());
        Assert.Empty((await engine.GetJsonAsync("/api/deliveries/typo-1")).GetProperty("sessions").EnumerateArray());
    }

    [Fact]
    public async Task Replay_OfARejectedDelivery_Is409_AndOfNone_Is404()
    {
        await using var engine = await StartAsync();
        using var rejected = await engine.Http.SendAsync(ProviderDeliveries.GitHub("issues", "broken-1", "{\"issue\":"u8.ToArray()));

        using var replay = await engine.Http.PostAsync("/api/deliveries/broken-1/replay", null);
        using var none = await engine.Http.PostAsync("/api/deliveries/no-such/replay", null);
        using var badOutcome = await engine.Http.GetAsync("/api/deliveries?outcome=malformed");

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("rejected", (await JsonOf(rejected)).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
    }

    [Fact]
    public async Task ADeliveryWhoseStoredBodyIsDamaged_IsShownWithTheReason_AndItsReplayIs409()
    {
        await using var engine = await StartAsync();
        var body = EngineSetup.Payload("issues-labeled.json");
        using var accepted = await engine.PostGitHubAsync("issues", "damaged-1", body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        // As if its page had gone bad on disk: a packed body whose block does not unpack.
        using (var store = new SqliteConnection($"Data Source={Path.Combine(_setup.DataDir, "automations.db")};Pooling=False"))
        {
            store.Open();
            using var damage = store.CreateCommand();
            damage.CommandText = "UPDATE deliveries SET body = x'00ff00ff00ff', body_size = 12000 WHERE delivery_id = 'damaged-1'";
            Assert.Equal(1, damage.ExecuteNonQuery());
        }

        using var shown = await engine.Http.GetAsync("/api/deliveries/damaged-1");
        using var replay = await engine.Http.PostAsync("/api/deliveries/damaged-1/replay", null);

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var detail = await JsonOf(shown);
        Assert.Equal("accepted", detail.GetProperty("outcome").GetString());
        Assert.Contains("does not unpack", detail.GetProperty("bodyError").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("payload").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("cannot be run again: its stored body cannot be read (a stored delivery body does not unpack", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualRun_StartsASessionOfThatAutomation_WithTheBodyAsPayload()
    {
        _setup.Definition("nightly.yaml", """
            name: nightly
            on:
              - schedule: { cron: "0 3 * * *" }
            repository: acme/web
            agent: { use: demo }
            instructions: "Sweep {{ event.payload.area }}"
            """);
        _setup.Definition("off.yaml", """
            name: off
            enabled: false
            on:
              - github: { event: push }
            repository: acme/web
            agent: { use: demo }
            instructions: x
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", $"cat > {_setup.Shared("prompt.txt")}")));

        using var response = await engine.Http.PostAsJsonAsync("/api/automations/nightly/run", new { area = "docs" });
        var answer = await JsonOf(response);
        using var missing = await engine.Http.PostAsync("/api/automations/no-such/run", null);
        using var disabled = await engine.Http.PostAsync("/api/automations/off/run", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, disabled.StatusCode);
        var sessionId = answer.GetProperty("sessions").EnumerateArray().Single().GetString()!;
        var session = await engine.WaitForSessionAsync(sessionId, s => s.GetProperty("status").GetString() is "done" or "errored");
        Assert.Equal("nightly", session.GetProperty("automation").GetString());
        Assert.Equal("manual", session.GetProperty("trigger").GetProperty("source").GetString());
        var prompt = File.ReadAllText(_setup.Shared("prompt.txt"));
        Assert.True(prompt.Contains("Sweep", StringComparison.Ordinal) && prompt.Contains("docs", StringComparison.Ordinal), prompt);
        var delivery = await engine.GetJsonAsync($"/api/deliveries/{answer.GetProperty("deliveryId").GetString()}");
        Assert.Equal("accepted", delivery.GetProperty("outcome").GetString());
        Assert.Equal("docs", delivery.GetProperty("payload").GetProperty("area").GetString());
    }
}
