using System.Text.Json;

namespace Automations.Host.Tests.Functions;

/// <summary>The handler's answer to one invocation, with what the handler had printed by then for failure messages.</summary>
public sealed record InvocationResult(int Status, string? MediaType, JsonElement Json, string Text, string HandlerOutput)
{
    /// <summary><c>Outputs.res</c>, the HTTP output.</summary>
    public JsonElement Res => Json.GetProperty("Outputs").GetProperty("res");

    /// <summary><c>Outputs.res.body</c> parsed as JSON.</summary>
    public JsonElement ResBody => JsonDocument.Parse(Res.GetProperty("body").GetString()!).RootElement.Clone();

    public int ResStatus => Res.GetProperty("statusCode").GetInt32();

    /// <summary>The messages of <c>Outputs.jobs</c>, each parsed as JSON.</summary>
    public IReadOnlyList<JsonElement> Jobs =>
        Json.GetProperty("Outputs").TryGetProperty("jobs", out var jobs)
            ? [.. jobs.EnumerateArray().Select(m => JsonDocument.Parse(m.GetString()!).RootElement.Clone())]
            : [];

    public IReadOnlyList<string> Logs => [.. Json.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!)];

    public override string ToString() => $"{Status} {Text}\nHandler output:\n{HandlerOutput}";
}
