using System.Text.Json;

namespace Automations.Integrations.GitHub;

/// <summary>The GitHub App installation a delivery came through: its <c>installation.id</c>.</summary>
public static class GitHubInstallation
{
    /// <summary>The installation id of a GitHub delivery's payload, or null when it has none (a webhook not sent by an app).</summary>
    public static long? FromPayload(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("installation", out var installation)
        && installation.ValueKind == JsonValueKind.Object
        && installation.TryGetProperty("id", out var id)
        && id.ValueKind == JsonValueKind.Number
        && id.TryGetInt64(out var value)
            ? value
            : null;
}
