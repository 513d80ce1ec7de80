using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Automations.Host.Tests.EndToEnd;

/// <summary><c>POST /api/automations/{name}/pause|resume</c> and the pause-all switch, through the real executable.</summary>
public sealed class AutomationPauseApiTests : IDisposable
{
    private const string ReadOnlyKey = "read-only-pause-key";

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static async Task<JsonElement> AutofixAsync(EngineProcess engine) =>
        Assert.Single((await engine.GetJsonAsync("/api/automations")).GetProperty("automations").EnumerateArray());

    [Fact]
    public async Task PauseAndResume_AreOperatorChanges_ShownInTheList_AndBadInputIsAClearError()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false"), ("Automations:Api:ReadOnlyKeys:0", ReadOnlyKey)));
        using var readOnly = new HttpClient { BaseAddress = engine.BaseAddress, DefaultRequestHeaders = { { "Authorization", $"Bearer {ReadOnlyKey}" } } };

        Assert.Equal(JsonValueKind.Null, (await AutofixAsync(engine)).GetProperty("paused").ValueKind);
        using var paused = await engine.Http.PostAsJsonAsync("/api/automations/autofix/pause", new { reason = "flaky tests upstream" });
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        using var again = await engine.Http.PostAsync("/api/automations/autofix/pause", null);
        Assert.Equal("already paused", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("done").GetString());

        var pause = (await AutofixAsync(engine)).GetProperty("paused");
        Assert.Equal("flaky tests upstream", pause.GetProperty("reason").GetString());
        Assert.StartsWith("k_", pause.GetProperty("by").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostAsync("/api/automations/autofix/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostAsync("/api/automations/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.PostAsync("/api/automations/nope/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.Http.PostAsync("/api/automations/autofix/pause", new StringContent("{not json", Encoding.UTF8, "application/json"))).StatusCode);
        using var tooLong = await engine.Http.PostAsJsonAsync("/api/automations/pause", new { reason = new string('x', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("500 characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await engine.Http.PostAsync("/api/automations/autofix/resume", null)).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await AutofixAsync(engine)).GetProperty("paused").ValueKind);

        Assert.Equal(HttpStatusCode.OK, (await engine.Http.PostAsync("/api/automations/pause", null)).StatusCode);
        Assert.StartsWith("paused by k_", (await engine.GetJsonAsync("/api/automations")).GetProperty("pausedAll").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await engine.Http.PostAsync("/api/automations/resume", null)).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await engine.GetJsonAsync("/api/automations")).GetProperty("pausedAll").ValueKind);
    }
}
