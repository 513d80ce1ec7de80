using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// A pull request's files as its head commit has them, read from the repository's mirror without a
/// checkout: the head comes in by <c>refs/pull/{number}/head</c>, which GitHub keeps for every pull
/// request (a fork's too), under the mirror's own <c>refs/pull-heads/</c>; files are read with
/// <c>git show</c>. The mirror's lock is held for the fetch; reads of objects need none.
/// </summary>
public sealed class PullRequestFiles(Mirrors mirrors, IGitCredentials? credentials = null)
{
    /// <summary>Brings the pull request's head into the mirror (cloning it first if need be); the mirror's folder.</summary>
    public async Task<string> FetchAsync(string repositoryUrl, int number, CancellationToken cancellationToken)
    {
        var mirror = mirrors.DirectoryOf(repositoryUrl);
        var credential = await GitRemoteCredential.ForAsync(credentials, repositoryUrl, cancellationToken);
        using (await mirrors.Locks.AcquireAsync(mirror, cancellationToken))
        {
            await mirrors.UpdateAsync(repositoryUrl, mirror, cancellationToken);
            var pull = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await mirrors.Git.RunAsync(mirror, ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "origin", $"+refs/pull/{pull}/head:refs/pull-heads/{pull}"], credential, cancellationToken);
        }

        return mirror;
    }

    /// <summary>
    /// The files under <paramref name="folder"/> that <paramref name="head"/> adds or changes over its merge
    /// base with <paramref name="base"/> (what the pull request's diff shows), deleted ones left out.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangedAsync(string mirror, string @base, string head, string folder, CancellationToken cancellationToken)
    {
        var listed = await mirrors.Git.RunAsync(mirror, ["diff", "--name-only", "--no-renames", "--diff-filter=d", "-z", $"{@base}...{head}", "--", folder], cancellationToken);
        return [.. listed.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Every file under <paramref name="folder"/> at <paramref name="commit"/>.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string mirror, string commit, string folder, CancellationToken cancellationToken)
    {
        var listed = await mirrors.Git.RunAsync(mirror, ["ls-tree", "-r", "-z", "--name-only", commit, "--", folder], cancellationToken);
        return [.. listed.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>The file's text at <paramref name="commit"/>.</summary>
    public Task<string> ReadAsync(string mirror, string commit, string path, CancellationToken cancellationToken) =>
        mirrors.Git.RunAsync(mirror, ["show", $"{commit}:{path}"], cancellationToken);
}
