namespace Automations.Agents.Sandbox;

/// <summary>
/// Where a program the sandbox runs is installed, so that it, and only it, is seen read-only: the folder
/// it is in, or for a Node.js package the whole <c>node_modules</c> it came from (its dependencies and
/// native parts live beside it). A folder that holds what must stay hidden (the data directory, the
/// engine's home) is never bound; then only the program's file is.
/// </summary>
internal static class ProgramFolders
{
    public static IEnumerable<string> For(string program, IReadOnlyList<string> hidden, IReadOnlyList<string> seen)
    {
        var found = Resolve(program);
        if (found is null)
        {
            yield break;
        }

        var resolved = ResolveLinks(found);
        foreach (var file in new[] { found, resolved }.Distinct(StringComparer.Ordinal))
        {
            if (seen.Any(root => SystemPaths.IsUnder(file, root)))
            {
                continue;
            }

            var folder = InstallFolder(file);
            var revealsHidden = hidden.Any(h => SystemPaths.IsUnder(h, folder)) || folder == "/";
            yield return revealsHidden ? file : folder;
        }
    }

    /// <summary>The program's path: as given when it has a folder, else the first match on the engine's PATH.</summary>
    public static string? Resolve(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return Path.GetFullPath(program);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }

    private static string ResolveLinks(string file)
    {
        try
        {
            return new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
        }
        catch (IOException)
        {
            return file;
        }
    }

    private static string InstallFolder(string file)
    {
        var folder = Path.GetDirectoryName(file) ?? "/";
        var modules = folder.IndexOf("/node_modules/", StringComparison.Ordinal);
        if (modules >= 0)
        {
            return folder[..(modules + "/node_modules".Length)];
        }

        return folder;
    }
}
