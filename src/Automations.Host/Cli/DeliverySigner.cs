using System.Globalization;
using System.Text.Json.Nodes;
using Automations.Core.Sources;
using Automations.Core.Sources.GitHub;
using Automations.Core.Sources.Slack;
using Automations.Core.Sources.StandardWebhooks;

namespace Automations.Host.Cli;

/// <summary>Builds a delivery as each provider sends it: its headers, its signature, and for Linear a fresh timestamp.</summary>
internal static class DeliverySigner
{
    public static readonly string[] Sources = ["github", "sentry", "linear", "slack", "webhook"];

    /// <summary>The configuration key of each source's secret; custom webhooks take <c>--secret</c>.</summary>
    public static string? SecretKey(string source) => source switch
    {
        "github" => "Automations:Sources:GitHub:WebhookSecret",
        "sentry" => "Automations:Sources:Sentry:ClientSecret",
        "linear" => "Automations:Sources:Linear:WebhookSecret",
        "slack" => "Automations:Sources:Slack:SigningSecret",
        _ => null,
    };

    /// <summary>The path on the engine: <c>/webhooks/{source}</c>, or <c>/webhooks/custom/{event}</c> for custom webhooks.</summary>
    public static string Path(string source, string eventName) =>
        source == "webhook" ? $"/webhooks/custom/{eventName}" : $"/webhooks/{source}";

    /// <summary>The body to send (Linear's gets its <c>webhookTimestamp</c> set to now) and the headers that sign it.</summary>
    public static (byte[] Body, List<KeyValuePair<string, string>> Headers) Sign(
        string source, string eventName, string deliveryId, byte[] body, string secret, DateTimeOffset now)
    {
        var unix = now.ToUnixTimeSeconds();
        var headers = new List<KeyValuePair<string, string>>();
        void Add(string name, string value) => headers.Add(new(name, value));
        switch (source)
        {
            case "github":
                Add("X-GitHub-Event", eventName.Split('.')[0]);
                Add("X-GitHub-Delivery", deliveryId);
                Add("X-Hub-Signature-256", GitHubSignature.Sign(secret, body));
                break;
            case "sentry":
                Add("Sentry-Hook-Resource", eventName.Split('.')[0]);
                Add("Sentry-Hook-Timestamp", unix.ToString(CultureInfo.InvariantCulture));
                Add("Sentry-Hook-Signature", HmacSignature.ComputeHex(secret, body));
                Add("Request-ID", deliveryId);
                break;
            case "linear":
                if (JsonNode.Parse(body) is JsonObject linear)
                {
                    // Linear signs a body whose webhookTimestamp is the moment of sending; a saved payload's is stale.
                    linear["webhookTimestamp"] = now.ToUnixTimeMilliseconds();
                    body = System.Text.Encoding.UTF8.GetBytes(linear.ToJsonString());
                }

                Add("Linear-Event", eventName.Split('.')[0]);
                Add("Linear-Delivery", deliveryId);
                Add("Linear-Signature", HmacSignature.ComputeHex(secret, body));
                break;
            case "slack":
                var timestamp = unix.ToString(CultureInfo.InvariantCulture);
                Add("X-Slack-Request-Timestamp", timestamp);
                Add("X-Slack-Signature", SlackSignature.Sign(secret, timestamp, body));
                break;
            case "webhook":
                Add("webhook-id", deliveryId);
                Add("webhook-timestamp", unix.ToString(CultureInfo.InvariantCulture));
                Add("webhook-signature", StandardWebhookSignature.Sign(secret, deliveryId, unix, body));
                break;
            default:
                throw new ArgumentException($"unknown source '{source}'; use one of {string.Join(", ", Sources)}", nameof(source));
        }

        return (body, headers);
    }
}
