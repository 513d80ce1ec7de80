namespace Automations.Core.Templates;

/// <summary>
/// Who wrote a piece of event text, from the payload: the author fields of the nearest object that has one
/// (<see cref="Of"/>), and where each source keeps the event's subject (<see cref="OfSubject"/>).
/// </summary>
internal static class UntrustedAuthors
{
    /// <summary>Fields of an object that name who wrote it, the first present wins.</summary>
    private static readonly string[][] AuthorFields =
    [
        ["user", "login"],      // GitHub issues, pull requests, comments and reviews
        ["user", "name"],       // Linear comments
        ["user"],               // Slack messages (a user id)
        ["creator", "name"],    // Linear issues
        ["author", "username"], // GitHub commits
        ["author", "name"],     // GitHub commits by someone without an account
        ["actor", "name"],      // Linear and Sentry deliveries
        ["sender", "login"],    // GitHub deliveries
    ];

    /// <summary>Where a source's payload keeps the object whose title is <c>subject.title</c>, the first present wins.</summary>
    private static readonly Dictionary<string, string[][]> SubjectObjects = new(StringComparer.Ordinal)
    {
        ["github"] = [["issue"], ["pull_request"], ["discussion"]],
        ["linear"] = [["data", "issue"], ["data"], ["agentSession", "issue"]],
        ["slack"] = [["event"]],
    };

    /// <summary>The author an object names by one of its author fields, or null.</summary>
    public static string? Of(Dictionary<string, object?> value)
    {
        foreach (var path in AuthorFields)
        {
            if (At(value, path) is string { Length: > 0 } author)
            {
                return author;
            }
        }

        return null;
    }

    /// <summary>The author of the event's subject (its title and labels) as the payload names it, or null.</summary>
    public static string? OfSubject(string source, object? payload)
    {
        if (payload is not Dictionary<string, object?> root || !SubjectObjects.TryGetValue(source, out var paths))
        {
            return null;
        }

        foreach (var path in paths)
        {
            if (At(root, path) is Dictionary<string, object?> subject)
            {
                return Of(subject);
            }
        }

        return null;
    }

    private static object? At(Dictionary<string, object?> value, string[] path)
    {
        object? current = value;
        foreach (var key in path)
        {
            if (current is not Dictionary<string, object?> map || !map.TryGetValue(key, out current))
            {
                return null;
            }
        }

        return current;
    }
}
