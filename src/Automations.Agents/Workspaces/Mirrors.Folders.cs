namespace Automations.Agents.Workspaces;

/// <summary>A folder's files at a branch's commit, as the mirror read them.</summary>
/// <param name="Branch">The branch read: the one asked for, or the remote's default.</param>
/// <param name="Commit">The branch's commit.</param>
/// <param name="Files">Each file's path in the repository and its text, in ordinal path order.</param>
public sealed record MirroredFolder(string Branch, string Commit, IReadOnlyList<(string Path, string Text)> Files);

public sealed partial class Mirrors
{
    /// <summary>
    /// Fetches the mirror of <paramref name="repositoryUrl"/> (cloning it the first time), then reads the files
    /// under <paramref name="folder"/> whose names end with one of <paramref name="extensions"/> at the commit of
    /// <paramref name="branch"/> (the remote's default branch when null), straight from the object store: no
    /// checkout, and under the mirror's lock, so it never meets a session's publish half-way.
    /// </summary>
    public async Task<MirroredFolder> ReadFolderAsync(string repositoryUrl, string? branch, string folder, IReadOnlyList<string> extensions, CancellationToken cancellationToken)
    {
        var mirror = DirectoryOf(repositoryUrl);
        using (await Locks.AcquireAsync(mirror, cancellationToken))
        {
            await UpdateAsync(repositoryUrl, mirror, cancellationToken);

            // The bare clone's HEAD names the remote's default branch as it was when cloned.
            branch ??= await git.RunAsync(mirror, ["symbolic-ref", "--short", "HEAD"], cancellationToken);
            var commit = await git.RunAsync(mirror, ["rev-parse", "--verify", "--end-of-options", RemoteBranch(branch) + "^{commit}"], cancellationToken);
            var listed = await git.RunAsync(mirror, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", folder.TrimEnd('/') + "/"], cancellationToken);
            var files = new List<(string Path, string Text)>();
            foreach (var entry in listed.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                // <mode> SP <type> SP <object> TAB <path>
                var tab = entry.IndexOf('\t', StringComparison.Ordinal);
                var fields = entry[..tab].Split(' ');
                var path = entry[(tab + 1)..];
                if (fields[1] == "blob" && extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                {
                    files.Add((path, await git.RunAsync(mirror, ["cat-file", "blob", fields[2]], cancellationToken)));
                }
            }

            return new MirroredFolder(branch, commit, [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)]);
        }
    }
}
