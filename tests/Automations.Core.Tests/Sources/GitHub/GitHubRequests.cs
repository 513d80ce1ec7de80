using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.GitHub;

namespace Automations.Core.Tests.Sources.GitHub;

/// <summary>Deliveries as GitHub sends them, built from the fixtures under Payloads/github.</summary>
internal static class GitHubRequests
{
    public const string Secret = "test-webhook-secret";
    public const string DeliveryId = "5f3c8a10-0a61-11f1-9b4e-2f1c6d0e7a55";

    public static string FixtureDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Payloads", "github");

    public static byte[] Fixture(string fileName) => File.ReadAllBytes(Path.Combine(FixtureDirectory, fileName));

    /// <summary>The event name a fixture was recorded for: its file name up to the first dot.</summary>
    public static string EventOf(string fileName) => fileName[..fileName.IndexOf('.', StringComparison.Ordinal)];

    public static WebhookRequest Signed(string? eventName, string body) => Signed(eventName, Encoding.UTF8.GetBytes(body));

    /// <summary>A delivery with the event, delivery and signature headers, written in lower case as proxies often pass them.</summary>
    public static WebhookRequest Signed(string? eventName, byte[] body)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["x-github-delivery"] = DeliveryId,
            ["x-hub-signature-256"] = GitHubSignature.Sign(Secret, body),
            ["content-type"] = "application/json",
        };
        if (eventName is not null)
        {
            headers["x-github-event"] = eventName;
        }

        return With(headers, body);
    }

    public static WebhookRequest With(IEnumerable<KeyValuePair<string, string>> headers, byte[] body) =>
        new(GitHubSource.SourceName, WebhookRequest.HeadersOf(headers), body);
}
