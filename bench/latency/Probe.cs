using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Automations.Bench.Latency;

/// <summary>
/// One probe: a delivery the automation matches, sent at <see cref="SentAt"/>; its session's agent prints the
/// clock (<c>date +%s%N</c>) as its first line. The steps between are read back from the engine: when the
/// delivery was received, when a worker took the job (the <c>attempt</c> event), when the workspace was
/// ready (the <c>workspace</c> event), and when the agent's process ran.
/// </summary>
internal sealed record Probe(string DeliveryId, string SessionId, DateTimeOffset SentAt, DateTimeOffset AnsweredAt)
{
    public static async Task<Probe> SendAsync(HttpClient engine, byte[] body, int n)
    {
        var id = $"probe-{n:D4}-{Guid.NewGuid():N}";
        using var request = Deliveries.Request(body, id);
        var sent = TimeProvider.System.GetUtcNow();
        using var response = await engine.SendAsync(request);
        var answered = TimeProvider.System.GetUtcNow();
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Probe(id, answer.GetProperty("sessions")[0].GetString()!, sent, answered);
    }

    /// <summary>Milliseconds from the send to each step; null when the session has not got that far.</summary>
    public async Task<Steps?> StepsAsync(HttpClient engine)
    {
        var events = await engine.GetFromJsonAsync<JsonElement>($"/api/sessions/{SessionId}/events");
        var agent = events.EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "token")
            .Select(e => e.GetProperty("data").GetProperty("text").GetString() ?? string.Empty)
            .FirstOrDefault(t => t.StartsWith("agent-start ", StringComparison.Ordinal));
        if (agent is null)
        {
            return null;
        }

        var delivery = await engine.GetFromJsonAsync<JsonElement>($"/api/deliveries/{DeliveryId}");
        var started = DateTimeOffset.UnixEpoch.AddTicks(long.Parse(agent[12..].Trim(), CultureInfo.InvariantCulture) / 100);
        var workspace = events.EnumerateArray().First(e => e.GetProperty("type").GetString() == "workspace");
        return new Steps(
            Since(delivery.GetProperty("receivedAt").GetDateTimeOffset()),
            Since(AnsweredAt),
            Since(At(events, "attempt")),
            Since(workspace.GetProperty("at").GetDateTimeOffset()),
            Since(started),
            workspace.GetProperty("data").TryGetProperty("fetched", out var fetched) && fetched.GetBoolean());
    }

    private double Since(DateTimeOffset at) => (at - SentAt).TotalMilliseconds;

    private static DateTimeOffset At(JsonElement events, string type) =>
        events.EnumerateArray().First(e => e.GetProperty("type").GetString() == type).GetProperty("at").GetDateTimeOffset();
}

/// <summary>
/// Milliseconds from a probe's send to: the delivery received, its answer (202) back, the job taken, the workspace
/// ready, the agent running; and whether the workspace fetched the mirror on the way.
/// </summary>
internal sealed record Steps(double Received, double Answered, double Taken, double Workspace, double Agent, bool Fetched);
