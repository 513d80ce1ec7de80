using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Host.Definitions;

/// <summary>A GitHub <c>push</c> (one that touches <c>.automations/</c>, for <see cref="Of"/>): the repository, the branch and the commit it moved to.</summary>
public sealed record DefinitionPush(string Repository, string Branch, string After)
{
    private const string Heads = "refs/heads/";
    private static readonly string[] Lists = ["added", "modified", "removed"];

    /// <summary>
    /// The push a verified GitHub delivery describes when one of its commits added, modified or removed a file
    /// under <c>.automations/</c>; null for any other delivery, a push that deletes its branch, or a payload
    /// whose fields are not of the types GitHub sends.
    /// </summary>
    public static DefinitionPush? Of(TriggerEvent triggerEvent)
    {
        if (ToBranch(triggerEvent) is not { } push || !triggerEvent.Payload.TryGetProperty("commits", out var commits) || commits.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var touched = commits.EnumerateArray().Any(commit => Lists.Any(list =>
            commit.ValueKind == JsonValueKind.Object && commit.TryGetProperty(list, out var files) && files.ValueKind == JsonValueKind.Array
            && files.EnumerateArray().Any(f => f.ValueKind == JsonValueKind.String && f.GetString()!.StartsWith(RepositoryDefinitions.Folder + "/", StringComparison.Ordinal))));
        return touched ? push : null;
    }

    /// <summary>
    /// The push to a branch a verified GitHub delivery describes, whatever it touched; null for any other
    /// delivery, a push to a tag, a push that deletes its branch, or fields not of the types GitHub sends.
    /// </summary>
    public static DefinitionPush? ToBranch(TriggerEvent triggerEvent)
    {
        var root = triggerEvent.Payload;
        return triggerEvent.Kind != "github.push" || root.ValueKind != JsonValueKind.Object
            || Text(root, "ref") is not { } reference || !reference.StartsWith(Heads, StringComparison.Ordinal)
            || Text(root, "after") is not { } after || after.All(c => c == '0')
            || !root.TryGetProperty("repository", out var repository) || Text(repository, "full_name") is not { } name
            ? null
            : new DefinitionPush(name, reference[Heads.Length..], after);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
