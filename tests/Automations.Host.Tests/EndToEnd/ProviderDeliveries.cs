using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Deliveries as each provider sends them: every header it sends, signed as its documentation says, with
/// HMACs computed here rather than by the engine's own signer. The secrets are those of <see cref="Secrets"/>
/// (GitHub's is <see cref="EngineSetup.Secret"/>).
/// </summary>
public static class ProviderDeliveries
{
    public const string SentrySecret = "e2e-sentry-client-secret";
    public const string LinearSecret = "e2e-linear-secret";
    public const string SlackSecret = "e2e-slack-signing-secret";
    public const string HookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>The engine's settings for these secrets; custom webhooks read theirs from <c>DEPLOY_HOOK_SECRET</c>.</summary>
    public static (string Key, string Value)[] Secrets { get; } =
    [
        ("Automations:Sources:Sentry:ClientSecret", SentrySecret),
        ("Automations:Sources:Linear:WebhookSecret", LinearSecret),
        ("Automations:Sources:Slack:SigningSecret", SlackSecret),
        ("DEPLOY_HOOK_SECRET", HookSecret),
    ];

    public static long UnixNow() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>GitHub: the event, the delivery's GUID, the hook's id, and the body's HMAC-SHA256 (and the legacy SHA-1).</summary>
    public static HttpRequestMessage GitHub(string eventName, string deliveryId, byte[] body, string secret = EngineSetup.Secret) => Post("/webhooks/github", body, [
        ("User-Agent", "GitHub-Hookshot/044aadd"), ("X-GitHub-Event", eventName), ("X-GitHub-Delivery", deliveryId), ("X-GitHub-Hook-ID", "292430182"),
        ("X-GitHub-Hook-Installation-Target-ID", "79929171"), ("X-GitHub-Hook-Installation-Target-Type", "repository"),
        ("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body))),
        ("X-Hub-Signature-256", "sha256=" + Hex(secret, body))]);

    /// <summary>
    /// Sentry: the resource, a <c>Request-ID</c> new on every send, <c>Sentry-Hook-Timestamp</c> (seconds, not
    /// covered by the signature) and the body's hex HMAC-SHA256 with the client secret.
    /// </summary>
    public static HttpRequestMessage Sentry(string resource, byte[] body, string secret = SentrySecret) => Post("/webhooks/sentry", body, [
        ("User-Agent", "sentry-integration"), ("Request-ID", Guid.NewGuid().ToString()), ("Sentry-Hook-Resource", resource),
        ("Sentry-Hook-Timestamp", UnixNow().ToString(CultureInfo.InvariantCulture)), ("Sentry-Hook-Signature", Hex(secret, body))]);

    /// <summary>Linear: the delivery's id, the entity type, and the body's hex HMAC-SHA256 (the body carries <c>webhookTimestamp</c>).</summary>
    public static HttpRequestMessage Linear(string type, string deliveryId, byte[] body, string secret = LinearSecret) => Post("/webhooks/linear", body, [
        ("User-Agent", "Linear-Webhook"), ("Linear-Delivery", deliveryId), ("Linear-Event", type), ("Linear-Signature", Hex(secret, body))]);

    /// <summary>Slack: the request's timestamp and <c>v0=</c> the HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.</summary>
    public static HttpRequestMessage Slack(byte[] body, long timestamp, string secret = SlackSecret)
    {
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        return Post("/webhooks/slack", body, [
            ("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)"), ("X-Slack-Request-Timestamp", stamp),
            ("X-Slack-Signature", "v0=" + Hex(secret, [.. Encoding.UTF8.GetBytes($"v0:{stamp}:"), .. body]))]);
    }

    /// <summary>A Slack interactivity request (a button press): <c>payload=</c> the JSON, form-encoded, signed like events.</summary>
    public static HttpRequestMessage SlackInteraction(System.Text.Json.Nodes.JsonObject payload, string secret = SlackSecret)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString()));
        var request = Slack(body, UnixNow(), secret);
        request.RequestUri = new Uri("/webhooks/slack/interactions", UriKind.Relative);
        request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return request;
    }

    /// <summary>A custom webhook, signed the Standard Webhooks way: base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.</summary>
    public static HttpRequestMessage Custom(string endpoint, string id, long timestamp, byte[] body, string secret = HookSecret)
    {
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{stamp}."), .. body];
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, signed));
        return Post($"/webhooks/custom/{endpoint}", body, [("webhook-id", id), ("webhook-timestamp", stamp), ("webhook-signature", $"v1,{signature}")]);
    }

    /// <summary>A delivery from <paramref name="source"/> (github, sentry, linear, slack, or webhook: custom endpoint <c>deploys</c>).</summary>
    public static HttpRequestMessage Signed(string source, string deliveryId, byte[] body) => source switch
    {
        "github" => GitHub("issues", deliveryId, body),
        "sentry" => Sentry("issue", body),
        "linear" => Linear("Issue", deliveryId, body),
        "slack" => Slack(body, UnixNow()),
        "webhook" => Custom("deploys", deliveryId, UnixNow(), body),
        _ => throw new ArgumentException($"unknown source '{source}'", nameof(source)),
    };

    private static string Hex(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static HttpRequestMessage Post(string path, byte[] body, (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
