using System.Net;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>The bearer key of <c>/api</c>, checked before anything of the request is read; <c>/healthz</c> is open.</summary>
public sealed class ApiKeyTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Api_WithoutKey_Is401_AndHealthzIsOpen()
    {
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false")));
        using var anonymous = new HttpClient { BaseAddress = engine.BaseAddress };

        using var sessions = await anonymous.GetAsync("/api/sessions");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/sessions") { Headers = { { "Authorization", "Bearer wrong" } } };
        using var wrongResponse = await anonymous.SendAsync(wrong);
        using var health = await anonymous.GetAsync("/healthz");

        // The key is checked before the body is read: bad JSON without a key is refused as unauthorized, not as bad.
        using var badJson = await anonymous.PostAsync("/api/sessions", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        using var badJsonWithKey = await engine.Http.PostAsync("/api/sessions", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, badJson.StatusCode);
        Assert.Equal("Bearer", badJson.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, badJsonWithKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sessions.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.GetAsync("/api/sessions/nope")).StatusCode);
    }
}
