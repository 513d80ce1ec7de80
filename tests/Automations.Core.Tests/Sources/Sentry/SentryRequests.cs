using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.Sentry;

namespace Automations.Core.Tests.Sources.Sentry;

/// <summary>Deliveries as Sentry sends them, built from the fixtures under Payloads/sentry.</summary>
internal static class SentryRequests
{
    public const string Secret = "test-sentry-client-secret";
    public const string RequestId = "0c6e8f2a-41b7-4d0e-9a55-3f7b1c2d9e01";

    public static string FixtureDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Payloads", "sentry");

    public static byte[] Fixture(string fileName) => File.ReadAllBytes(Path.Combine(FixtureDirectory, fileName));

    /// <summary>The resource a fixture was recorded for: its file name up to the first dot.</summary>
    public static string ResourceOf(string fileName) => fileName[..fileName.IndexOf('.', StringComparison.Ordinal)];

    public static WebhookRequest Signed(string? resource, string body, string requestId = RequestId) =>
        Signed(resource, Encoding.UTF8.GetBytes(body), requestId);

    /// <summary>A delivery with Sentry's headers, in lower case as proxies often pass them.</summary>
    public static WebhookRequest Signed(string? resource, byte[] body, string requestId = RequestId)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["request-id"] = requestId,
            ["sentry-hook-signature"] = HmacSignature.ComputeHex(Secret, body),
            ["sentry-hook-timestamp"] = "1770109548",
            ["content-type"] = "application/json",
        };
        if (resource is not null)
        {
            headers["sentry-hook-resource"] = resource;
        }

        return With(headers, body);
    }

    public static WebhookRequest With(IEnumerable<KeyValuePair<string, string>> headers, byte[] body) =>
        new(SentrySource.SourceName, WebhookRequest.HeadersOf(headers), body);
}
