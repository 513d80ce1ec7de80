namespace Automations.Agents.Workspaces;

/// <summary>
/// What the provider keeps in a session's folder about its worktree: the repository, the mirror it was
/// made from, the branches and the base commit. Plain <c>key=value</c> lines in <c>workspace</c>.
/// </summary>
internal sealed record WorkspaceRecord(string RepositoryUrl, string Mirror, string Base, string Branch, string BaseCommit)
{
    public const string FileName = "workspace";

    public static WorkspaceRecord? Read(string sessionDirectory)
    {
        var path = Path.Combine(sessionDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0)
            {
                values[line[..separator]] = line[(separator + 1)..];
            }
        }

        return values.TryGetValue("repository", out var url)
            && values.TryGetValue("mirror", out var mirror)
            && values.TryGetValue("base", out var @base)
            && values.TryGetValue("branch", out var branch)
            && values.TryGetValue("base-commit", out var baseCommit)
            ? new WorkspaceRecord(url, mirror, @base, branch, baseCommit)
            : null;
    }

    public void Write(string sessionDirectory)
    {
        var path = Path.Combine(sessionDirectory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllLines(temporary, [$"repository={RepositoryUrl}", $"mirror={Mirror}", $"base={Base}", $"branch={Branch}", $"base-commit={BaseCommit}"]);
        File.Move(temporary, path, overwrite: true);
    }
}
