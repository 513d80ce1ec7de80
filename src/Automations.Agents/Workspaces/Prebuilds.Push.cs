using Automations.Core.Definitions;
using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>The prebuilds a push to the base asks for, before any session does, and the repositories' own.</summary>
public sealed partial class Prebuilds
{
    public PrebuildSpec? ForRepository(string repositoryUrl) => repositories?.GetValueOrDefault(repositoryUrl);

    public async Task<PrebuildUse> BuildAtAsync(PrebuildRequest request, string repositoryUrl, string commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mirror = mirrors.DirectoryOf(repositoryUrl);
        string? full;
        try
        {
            using (await mirrors.Locks.AcquireAsync(mirror, cancellationToken))
            {
                // The push's commit is fetched only when a session's fetch has not brought it already.
                full = await CommitAsync(mirror, commit, cancellationToken);
                if (full is null)
                {
                    await mirrors.UpdateAsync(repositoryUrl, mirror, cancellationToken);
                    full = await CommitAsync(mirror, commit, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is GitException or IOException)
        {
            return new PrebuildUse(null, false, $"its repository could not be fetched: {ex.Message}");
        }

        if (full is null)
        {
            return new PrebuildUse(null, false, $"commit {commit} is not in the repository after a fetch (a force-push took it away?)");
        }

        var folder = Folder(mirror);
        var hash = Hash(request);
        bool ready, failed;
        using (await _locks.AcquireAsync(folder.Directory, cancellationToken))
        {
            ready = folder.Ready(hash, full) is not null;
            failed = File.Exists(folder.FailurePath(hash, full));
        }

        if (ready || failed)
        {
            // A redelivered push, or a session that asked first: built once, and a failed build is not tried again.
            return new PrebuildUse(ready ? full : null, false, failed ? Failure(folder, hash, full) : null);
        }

        var problem = await BuildAsync(folder, mirror, hash, full, request).WaitAsync(cancellationToken);
        return new PrebuildUse(problem is null ? full : null, problem is null, problem);
    }

    /// <summary>The full name of <paramref name="commit"/> when the mirror has it; null when it has not (or there is no mirror yet).</summary>
    private async Task<string?> CommitAsync(string mirror, string commit, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(mirror, "HEAD")))
        {
            return null;
        }

        var (exitCode, output) = await mirrors.Git.TryRunAsync(mirror, ["rev-parse", "--verify", "--quiet", "--end-of-options", commit + "^{commit}"], cancellationToken);
        return exitCode == 0 ? output.Trim() : null;
    }
}
