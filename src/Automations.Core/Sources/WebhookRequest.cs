using System.Text.Json;

namespace Automations.Core.Sources;

/// <summary>
/// A delivery as it arrived: its source, headers (case-insensitive) and raw body. The body's bytes must not
/// change afterwards: the parsed payload reads them where they are, for as long as the delivery's event lives.
/// </summary>
public sealed record WebhookRequest(
    string Source,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>For custom webhooks, the endpoint of <c>/webhooks/custom/{endpoint}</c>; null for providers.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Where the jobs this delivery makes go as they are stored (a queue outside the store); null keeps them in the store's queue.</summary>
    public Ports.JobHandover? HandOver { get; init; }

    // The parse of one body, so that verify, delivery id and normalize share it. It remembers which body
    // it parsed: a copy made with another body (`with { Body = ... }`) parses that one.
    private ParsedBody? _parsed;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The body as a JSON object: null and the object, or the reason the body is not one. Parsed once,
    /// however many steps of a delivery ask.
    /// </summary>
    public string? JsonObject(out JsonElement payload)
    {
        if (_parsed is not { } parsed || !parsed.Body.Equals(Body))
        {
            var error = PayloadJson.ParseObject(Body, out var element);
            _parsed = parsed = new ParsedBody(Body, error, element);
        }

        payload = parsed.Payload;
        return parsed.Error;
    }

    public static IReadOnlyDictionary<string, string> HeadersOf(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new Dictionary<string, string>(pairs, StringComparer.OrdinalIgnoreCase);

    private sealed record ParsedBody(ReadOnlyMemory<byte> Body, string? Error, JsonElement Payload);
}
