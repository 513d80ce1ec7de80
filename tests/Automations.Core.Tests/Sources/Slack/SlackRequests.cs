using System.Globalization;
using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.Slack;

namespace Automations.Core.Tests.Sources.Slack;

/// <summary>Requests as Slack sends them, built from the fixtures under Payloads/slack.</summary>
internal static class SlackRequests
{
    public const string Secret = "test-slack-signing-secret";

    /// <summary>The instant the tests' clock starts at; requests are signed with it unless told otherwise.</summary>
    public static readonly DateTimeOffset Now = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);

    public static string FixtureDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Payloads", "slack");

    public static byte[] Fixture(string fileName) => File.ReadAllBytes(Path.Combine(FixtureDirectory, fileName));

    public static WebhookRequest Signed(string body, DateTimeOffset? sentAt = null, int? retry = null) =>
        Signed(Encoding.UTF8.GetBytes(body), sentAt, retry);

    /// <summary>A request with the timestamp and signature headers, in lower case as proxies often pass them; a retry adds Slack's retry headers.</summary>
    public static WebhookRequest Signed(byte[] body, DateTimeOffset? sentAt = null, int? retry = null)
    {
        var timestamp = (sentAt ?? Now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["x-slack-request-timestamp"] = timestamp,
            ["x-slack-signature"] = SlackSignature.Sign(Secret, timestamp, body),
            ["content-type"] = "application/json",
        };
        if (retry is { } number)
        {
            headers["x-slack-retry-num"] = number.ToString(CultureInfo.InvariantCulture);
            headers["x-slack-retry-reason"] = "http_timeout";
        }

        return new WebhookRequest(SlackSource.SourceName, WebhookRequest.HeadersOf(headers), body);
    }
}
