using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.GitHub;

/// <summary>
/// GitHub webhooks: signed with <c>X-Hub-Signature-256</c>, identified by <c>X-GitHub-Delivery</c>,
/// named by <c>X-GitHub-Event</c>; kinds are <c>github.&lt;event&gt;[.&lt;action&gt;]</c>.
/// </summary>
public sealed class GitHubSource : IWebhookSource
{
    public const string SourceName = "github";

    /// <summary>Top-level fields and the JSON type GitHub gives them in every event that has them.</summary>
    private static readonly (string Name, JsonValueKind Kind)[] Shape =
    [
        ("action", JsonValueKind.String), ("repository", JsonValueKind.Object), ("sender", JsonValueKind.Object),
        ("organization", JsonValueKind.Object), ("installation", JsonValueKind.Object), ("enterprise", JsonValueKind.Object),
        ("issue", JsonValueKind.Object), ("comment", JsonValueKind.Object), ("pull_request", JsonValueKind.Object),
        ("review", JsonValueKind.Object), ("check_run", JsonValueKind.Object), ("check_suite", JsonValueKind.Object),
        ("workflow_run", JsonValueKind.Object), ("workflow_job", JsonValueKind.Object), ("label", JsonValueKind.Object),
        ("release", JsonValueKind.Object), ("discussion", JsonValueKind.Object), ("head_commit", JsonValueKind.Object),
        ("pusher", JsonValueKind.Object), ("commits", JsonValueKind.Array),
    ];

    public string Name => SourceName;

    public SignatureResult Verify(WebhookRequest request, string? secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GitHubSignature.Verify(secret, request.Body.Span, request.Header(GitHubHeaders.Signature256));
    }

    public string? DeliveryId(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Header(GitHubHeaders.Delivery)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public NormalizeResult Normalize(WebhookRequest request, string deliveryId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        var eventName = request.Header(GitHubHeaders.Event)?.Trim();
        if (string.IsNullOrEmpty(eventName))
        {
            return new NormalizeResult.Malformed($"The {GitHubHeaders.Event} header is missing.");
        }

        if (string.Equals(eventName, "ping", StringComparison.Ordinal))
        {
            return new NormalizeResult.Ignored("ping");
        }

        if ((request.JsonObject(out var payload) ?? PayloadJson.WrongType(payload, "GitHub", Shape)) is { } malformed)
        {
            return new NormalizeResult.Malformed(malformed);
        }

        var action = payload.Child("action").AsString();
        return new NormalizeResult.Normalized(new TriggerEvent
        {
            Source = SourceName,
            Kind = action is null ? $"{SourceName}.{eventName}" : $"{SourceName}.{eventName}.{action}",
            DeliveryId = deliveryId,
            OccurredAt = GitHubPayload.OccurredAt(eventName, payload) ?? receivedAt,
            Repository = payload.At("repository", "full_name").AsString(),
            Actor = payload.At("sender", "login").AsString(),
            Subject = GitHubPayload.Subject(eventName, payload),
            Payload = payload,
        });
    }
}
