namespace Automations.Agents.Workspaces;

/// <summary>
/// Reads a mirror's refs in the engine's own process, as git's files backend keeps them: a loose ref in its own
/// file, else a line of <c>packed-refs</c>. Git writes both by renaming a complete file into place, so a read
/// never sees half of one. Saves a git process on every new workspace. A mirror kept otherwise (reftable), or a
/// name that is not a plain ref's, is left to git.
/// </summary>
internal static class MirrorRefs
{
    /// <summary>The commits of those of <paramref name="references"/> that exist; null when only git can tell.</summary>
    public static Dictionary<string, string>? TryRead(string mirror, IReadOnlyList<string> references)
    {
        if (Directory.Exists(Path.Combine(mirror, "reftable")) || !references.All(IsPlain))
        {
            return null;
        }

        Dictionary<string, string>? packed = null;
        var commits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            var name = reference;
            for (var depth = 0; depth < 5; depth++)
            {
                var loose = ReadLoose(Path.Combine(mirror, name));
                if (loose is null)
                {
                    packed ??= ReadPacked(mirror);
                    if (packed.TryGetValue(name, out var commit))
                    {
                        commits[reference] = commit;
                    }

                    break;
                }

                if (loose.StartsWith("ref: ", StringComparison.Ordinal) && IsPlain(loose[5..]))
                {
                    name = loose[5..];
                    continue;
                }

                if (IsObjectId(loose))
                {
                    commits[reference] = loose;
                }

                break;
            }
        }

        return commits;
    }

    private static string? ReadLoose(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            // Not a loose ref (a folder of refs below the name is one too): packed, or not there.
            return null;
        }
    }

    private static Dictionary<string, string> ReadPacked(string mirror)
    {
        var packed = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(mirror, "packed-refs");
        if (!File.Exists(path))
        {
            return packed;
        }

        // <object> SP <name>, with # comments and ^<peeled> lines for tags between.
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space == 40 && IsObjectId(line[..space]))
            {
                packed[line[(space + 1)..]] = line[..space];
            }
        }

        return packed;
    }

    private static bool IsObjectId(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>A name under <c>refs/</c> that stays inside the mirror and that git would take as it is.</summary>
    private static bool IsPlain(string name) =>
        name.StartsWith("refs/", StringComparison.Ordinal) && !name.EndsWith('/') && !name.EndsWith(".lock", StringComparison.Ordinal)
        && !name.Contains("..", StringComparison.Ordinal) && !name.Contains("//", StringComparison.Ordinal) && !name.Contains("/.", StringComparison.Ordinal)
        && name.All(c => c > ' ' && c != 0x7f && c is not ('\\' or ':' or '?' or '*' or '[' or '~' or '^'));
}
