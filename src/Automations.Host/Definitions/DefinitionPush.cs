using System.Text.Json;

namespace Automations.Host.Definitions;

/// <summary>A GitHub <c>push</c> that touches <c>.automations/</c>: the repository, the branch and the commit it moved to.</summary>
public sealed record DefinitionPush(string Repository, string Branch, string After)
{
    private const string Heads = "refs/heads/";

    /// <summary>
    /// The push a verified GitHub delivery's body describes when one of its commits added, modified or removed
    /// a file under <c>.automations/</c>; null for any other delivery, or a push that deletes its branch.
    /// </summary>
    public static DefinitionPush? Of(string eventName, ReadOnlyMemory<byte> body)
    {
        if (eventName != "push")
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (Text(root, "ref") is not { } reference || !reference.StartsWith(Heads, StringComparison.Ordinal)
                || Text(root, "after") is not { } after || after.All(c => c == '0')
                || !root.TryGetProperty("repository", out var repository) || Text(repository, "full_name") is not { } name
                || !root.TryGetProperty("commits", out var commits) || commits.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var touched = commits.EnumerateArray().Any(commit => ((string[])["added", "modified", "removed"]).Any(list =>
                commit.ValueKind == JsonValueKind.Object && commit.TryGetProperty(list, out var files) && files.ValueKind == JsonValueKind.Array
                && files.EnumerateArray().Any(f => f.ValueKind == JsonValueKind.String && f.GetString()!.StartsWith(RepositoryDefinitions.Folder + "/", StringComparison.Ordinal))));
            return touched ? new DefinitionPush(name, reference[Heads.Length..], after) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
