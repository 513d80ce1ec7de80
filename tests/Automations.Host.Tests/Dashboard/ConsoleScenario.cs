using System.Net;
using System.Text.Json;
using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Dashboard;

/// <summary>What the console's tests do to the engine besides browsing: deliver a labelled issue, read a session.</summary>
internal static class ConsoleScenario
{
    public static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    /// <summary>Delivers GitHub's <c>issues.labeled</c>, signed; returns the one session it started.</summary>
    public static async Task<string> DeliverAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("sessions")[0].GetString()!;
    }

    public static async Task<List<JsonElement>> EventsAsync(EngineProcess engine, string sessionId) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()];
}
