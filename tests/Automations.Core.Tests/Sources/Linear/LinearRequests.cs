using System.Text;
using System.Text.Json;
using Automations.Core.Sources;
using Automations.Core.Sources.Linear;
using Automations.Testing;

namespace Automations.Core.Tests.Sources.Linear;

/// <summary>Deliveries as Linear sends them, built from the fixtures under Payloads/linear.</summary>
internal static class LinearRequests
{
    public const string Secret = "lin_wh_test-signing-secret";
    public const string DeliveryId = "2f6a9c1e-8b3d-4e57-a0c4-7d1e5b9f3a62";

    public static string FixtureDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Payloads", "linear");

    public static byte[] Fixture(string fileName) => File.ReadAllBytes(Path.Combine(FixtureDirectory, fileName));

    /// <summary>The body's <c>webhookTimestamp</c>, as an instant.</summary>
    public static DateTimeOffset TimestampOf(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return DateTimeOffset.FromUnixTimeMilliseconds(document.RootElement.GetProperty("webhookTimestamp").GetInt64());
    }

    /// <summary>A source whose clock reads <paramref name="now"/>.</summary>
    public static LinearSource SourceAt(DateTimeOffset now) => new(new ManualTimeProvider(now));

    public static WebhookRequest Signed(string body) => Signed(Encoding.UTF8.GetBytes(body));

    /// <summary>A delivery with Linear's headers, in lower case as proxies often pass them.</summary>
    public static WebhookRequest Signed(byte[] body) => With(
        [
            new("linear-delivery", DeliveryId),
            new("linear-signature", HmacSignature.ComputeHex(Secret, body)),
            new("linear-event", "Issue"),
            new("content-type", "application/json; charset=utf-8"),
        ],
        body);

    public static WebhookRequest With(IEnumerable<KeyValuePair<string, string>> headers, byte[] body) =>
        new(LinearSource.SourceName, WebhookRequest.HeadersOf(headers), body);
}
