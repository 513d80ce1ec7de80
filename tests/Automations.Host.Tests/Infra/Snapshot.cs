using System.Text.Json.Nodes;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// What <c>bicep snapshot</c> predicts a deployment creates (<paramref name="Json"/>), or why the deployment
/// engine refused it (<paramref name="Error"/>). Values ARM can only know during a deployment (a server's host
/// name, an identity's ids) stay expressions.
/// </summary>
public sealed record Snapshot(JsonObject? Json, string? Error)
{
    public IReadOnlyList<JsonObject> Resources =>
        [.. (Json ?? throw new InvalidOperationException("The deployment was refused: " + Error))["predictedResources"]!.AsArray().Select(r => r!.AsObject())];

    public IReadOnlyList<JsonObject> OfType(string type) =>
        [.. Resources.Where(r => string.Equals((string)r["type"]!, type, StringComparison.OrdinalIgnoreCase))];

    public JsonObject App => Assert.Single(OfType("Microsoft.Web/sites"));

    /// <summary>The app's settings, by name.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        App["properties"]!["siteConfig"]!["appSettings"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!, StringComparer.Ordinal);

    public JsonNode Output(string name) => Json!["outputs"]![name] ?? throw new InvalidOperationException($"no output {name}");

    /// <summary>The last segment of a resource's name (a child's own name).</summary>
    public static string OwnName(JsonObject resource) => ((string)resource["name"]!).Split('/')[^1];
}
