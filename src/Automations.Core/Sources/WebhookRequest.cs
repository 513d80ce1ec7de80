namespace Automations.Core.Sources;

/// <summary>A delivery as it arrived: its source, headers (case-insensitive) and raw body.</summary>
public sealed record WebhookRequest(
    string Source,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>For custom webhooks, the endpoint of <c>/webhooks/custom/{endpoint}</c>; null for providers.</summary>
    public string? Endpoint { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static IReadOnlyDictionary<string, string> HeadersOf(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new Dictionary<string, string>(pairs, StringComparer.OrdinalIgnoreCase);
}
