using System.Security.Cryptography;
using System.Text;
using Automations.Agents.Sandbox;
using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// One bare mirror per repository, in <c>{root}/{slug}-{hash}</c>: the engine's alone. It is cloned once
/// and fetched before a new workspace unless it is known to be new enough (<see cref="IsFreshAsync"/>); the remote's branches live under <c>refs/remotes/origin/</c>,
/// and the sessions' branches under <c>refs/heads/</c>, where they come by a fetch from the session's
/// repository (through a confined <c>git-upload-pack</c>) and leave by a push with the remote's credential.
/// No agent ever writes to it: a session's repository borrows its objects read-only. Git work on one
/// mirror takes turns (<see cref="Locks"/>); different repositories proceed in parallel.
/// </summary>
/// <param name="git">Runs git.</param>
/// <param name="root">Where mirrors are kept.</param>
/// <param name="credentials">Credentials for remotes that need them; null for none.</param>
/// <param name="pushes">The pushes heard of, which say when a mirror may be behind; null: this process's alone.</param>
public sealed partial class Mirrors(Git git, string root, IGitCredentials? credentials = null, IBranchPushes? pushes = null)
{
    private const string RemoteBranches = "refs/remotes/origin/";

    public Git Git => git;

    /// <summary>The pushes heard of: every instance's on a shared store, else this process's.</summary>
    public IBranchPushes Pushes { get; } = pushes ?? new ProcessBranchPushes();

    /// <summary>Where mirrors are kept.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Git work on one mirror takes turns.</summary>
    internal KeyedAsyncLock Locks { get; } = new();

    /// <summary>Where the mirror of <paramref name="repositoryUrl"/> is kept: a readable slug of the URL and a short hash of all of it.</summary>
    public string DirectoryOf(string repositoryUrl) => Path.Combine(Root, MirrorName(repositoryUrl));

    /// <summary>The mirror's object store, which sessions' repositories borrow.</summary>
    public static string ObjectsOf(string mirror) => Path.Combine(mirror, "objects");

    /// <summary>Clones the mirror if it is not there yet, then fetches the remote's branches. The caller holds the mirror's lock.</summary>
    public async Task UpdateAsync(string repositoryUrl, string mirror, CancellationToken cancellationToken)
    {
        var credential = await GitRemoteCredential.ForAsync(credentials, repositoryUrl, cancellationToken);
        var started = git.Time.GetUtcNow();
        var mark = await Pushes.MarkAsync(cancellationToken);
        await EnsureAsync(repositoryUrl, mirror, credential, cancellationToken);
        await git.RunAsync(mirror, ["fetch", "--quiet", "--prune", "--no-tags", "origin"], credential, cancellationToken);
        Fetched(mirror, started, mark);
    }

    /// <summary>The remote's branch <paramref name="branch"/>, as last fetched.</summary>
    public static string RemoteBranch(string branch) => RemoteBranches + branch;

    /// <summary>The commits of those of <paramref name="references"/> that exist: read in this process (<see cref="MirrorRefs"/>), else in one git call.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CommitsAsync(string mirror, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        if (MirrorRefs.TryRead(mirror, references) is { } read)
        {
            return read;
        }

        var listed = await git.RunAsync(mirror, ["for-each-ref", "--format=%(refname) %(objectname)", .. references], cancellationToken);
        var commits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in listed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // A pattern also lists the refs below it (main/x under main): only exact names count.
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && references.Contains(line[..space], StringComparer.Ordinal))
            {
                commits[line[..space]] = line[(space + 1)..];
            }
        }

        return commits;
    }

    /// <summary>
    /// Takes <paramref name="commit"/>, the HEAD of the session's repository, into the mirror as branch
    /// <paramref name="branch"/>, then pushes it to the remote (forced: the branch is the session's own).
    /// The fetch reads the session's repository only through a <c>git-upload-pack</c> inside the sandbox.
    /// </summary>
    public async Task PublishAsync(string repositoryUrl, string mirror, SandboxMounts sessionRepository, string branch, string commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionRepository);
        var credential = await GitRemoteCredential.ForAsync(credentials, repositoryUrl, cancellationToken);
        using (await Locks.AcquireAsync(mirror, cancellationToken))
        {
            var local = $"refs/heads/{branch}";
            await git.RunAsync(
                mirror,
                ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--upload-pack", git.ConfinedUploadPack(sessionRepository), "--", sessionRepository.WorkingDirectory, $"+HEAD:{local}"],
                cancellationToken);
            var fetched = await git.RunAsync(mirror, ["rev-parse", "--verify", local + "^{commit}"], cancellationToken);
            if (fetched != commit)
            {
                throw new GitException($"the session's repository moved while it was published: HEAD was {commit}, the fetch brought {fetched}");
            }

            await git.RunAsync(mirror, ["push", "--quiet", "--force", "--no-verify", "origin", $"{local}:{local}"], credential, cancellationToken);
        }
    }

    /// <summary>Deletes the session's branch from the mirror; what was pushed stays on the remote.</summary>
    public async Task DeleteBranchAsync(string mirror, string branch, CancellationToken cancellationToken)
    {
        using (await Locks.AcquireAsync(mirror, cancellationToken))
        {
            await git.ExitCodeAsync(mirror, ["update-ref", "-d", $"refs/heads/{branch}"], cancellationToken);
        }
    }

    /// <summary>Clones the bare mirror once; a clone cut short is never mistaken for a mirror, since it is moved into place only when complete.</summary>
    private async Task EnsureAsync(string repositoryUrl, string mirror, GitRemoteCredential? credential, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(mirror, "HEAD")))
        {
            return;
        }

        Directory.CreateDirectory(Root);
        if (Directory.Exists(mirror))
        {
            Directory.Delete(mirror, recursive: true);
        }

        var partial = $"{mirror}.partial-{Guid.NewGuid():N}";
        try
        {
            await git.RunAsync(Root, ["clone", "--quiet", "--bare", "--no-tags", "--", repositoryUrl, partial], credential, cancellationToken);

            // Fetched branches go to refs/remotes/origin/, so they never collide with the sessions' branches,
            // and the remote is not a mirror remote: a push sends the session's branch and nothing else.
            await git.RunAsync(partial, ["config", "--replace-all", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"], cancellationToken);
            await git.ExitCodeAsync(partial, ["config", "--unset-all", "remote.origin.mirror"], cancellationToken);
            await git.RunAsync(partial, ["fetch", "--quiet", "--prune", "--no-tags", "origin"], credential, cancellationToken);

            // The clone's own copies of the remote's branches would shadow nothing but confuse everything.
            var cloned = await git.RunAsync(partial, ["for-each-ref", "--format=delete %(refname)", "refs/heads/"], cancellationToken);
            if (cloned.Length > 0)
            {
                await git.RunAsync(partial, ["update-ref", "--stdin"], cloned + "\n", cancellationToken);
            }

            Directory.Move(partial, mirror);
        }
        finally
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
        }
    }

    private static string MirrorName(string repositoryUrl)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repositoryUrl)))[..12];
        var trimmed = repositoryUrl.TrimEnd('/');
        if (trimmed.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^4];
        }

        var parts = trimmed.Split(['/', ':', '\\'], StringSplitOptions.RemoveEmptyEntries);
        var readable = string.Join('-', parts.TakeLast(2));
        var slug = new StringBuilder(readable.Length);
        foreach (var character in readable)
        {
            slug.Append(char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-' ? char.ToLowerInvariant(character) : '-');
        }

        var name = slug.ToString().Trim('.', '-');
        if (name.Length > 60)
        {
            name = name[..60];
        }

        return name.Length == 0 ? hash : $"{name}-{hash}";
    }
}
