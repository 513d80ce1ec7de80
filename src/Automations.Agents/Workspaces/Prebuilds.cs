using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Automations.Agents.Processes;
using Automations.Agents.Sandbox;
using Automations.Core.Definitions;
using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// A definition's <c>prebuild:</c> (<see cref="IPrebuilds"/>): its commands run once per repository, base
/// commit and hash of the commands, in a checkout of the base of their own, confined as <c>setup</c> is (the
/// agent's sandbox and network, no secrets), and what they leave is kept as a snapshot
/// (<see cref="PrebuildFolder"/>). A new session's workspace gets the snapshot's paths copy-on-write: where
/// the engine is root and agents run as another user, as hard links to files sealed as root's, read-only,
/// which an agent can replace in its workspace but never change for the others; else as copies, reflinked
/// where the file system can. (Bubblewrap's overlay mounts would need bubblewrap 0.10.) The first session
/// on a repository waits for the first build; later ones take the newest ready snapshot while the next
/// builds in the background, or, sooner, the one a push to the base asked for (<see cref="BuildAtAsync"/>).
/// Only the newest few snapshots per repository are kept.
/// </summary>
/// <param name="mirrors">The repositories' mirrors, whose objects the build's checkout borrows.</param>
/// <param name="agents">Runs the commands, confined as an agent's setup.</param>
/// <param name="root">Where prebuilds are kept.</param>
/// <param name="keep">Snapshots kept per repository.</param>
/// <param name="repositories">The connected repositories' own prebuilds, by repository URL; null for none.</param>
public sealed partial class Prebuilds(Mirrors mirrors, IAgentRuntime agents, string root, int keep = 3, IReadOnlyDictionary<string, PrebuildSpec>? repositories = null) : IPrebuilds
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _building = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PrebuildFolder> _folders = new(StringComparer.Ordinal);
    private readonly KeyedAsyncLock _locks = new();

    /// <summary>True when workspaces get hard links of sealed files; false when they get copies.</summary>
    public bool Links { get; } = mirrors.Git.Sandbox is BubblewrapSandbox { Uid: not 0 } && NativeMethods.GetEffectiveUserId() == 0;

    /// <summary>Where prebuilds are kept.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    private IProcessSandbox Sandbox => mirrors.Git.Sandbox;

    public async Task<PrebuildUse> StartFromAsync(PrebuildRequest request, Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(workspace);
        var objects = workspace.ObjectStore ?? throw new ArgumentException("a prebuild needs a workspace that borrows its mirror's objects", nameof(workspace));
        var mirror = Path.GetDirectoryName(objects)!;
        var folder = Folder(mirror);
        var hash = Hash(request);
        var commit = workspace.BaseCommit;
        PrebuildFolder.Snapshot? ready, newest;
        bool failed;
        using (await _locks.AcquireAsync(folder.Directory, cancellationToken))
        {
            ready = folder.Ready(hash, commit);
            newest = folder.Newest(hash);
            failed = File.Exists(folder.FailurePath(hash, commit));
        }

        string? building = null, problem = null;
        var built = false;
        if (ready is null && failed)
        {
            problem = Failure(folder, hash, commit);
        }
        else if (ready is null && newest is null)
        {
            problem = await BuildAsync(folder, mirror, hash, commit, request).WaitAsync(cancellationToken);
            built = problem is null;
            ready = built ? folder.Ready(hash, commit) : null;
        }
        else if (ready is null)
        {
            // The newest is older: this session takes it, and the next sessions the one built meanwhile.
            _ = BuildAsync(folder, mirror, hash, commit, request);
            building = commit;
        }

        if ((ready ?? newest) is not { } snapshot)
        {
            return new PrebuildUse(null, built, problem ?? "no prebuild is ready", building);
        }

        try
        {
            using (await _locks.AcquireAsync(folder.Directory, cancellationToken))
            {
                await LayAsync(folder.Ready(hash, snapshot.Commit) ?? throw new IOException($"the prebuild at {snapshot.Commit} was pruned"), workspace.Path, cancellationToken);
            }
        }
        catch (IOException ex)
        {
            return new PrebuildUse(null, built, $"the prebuild at {snapshot.Commit} could not be laid: {ex.Message}", building);
        }

        return new PrebuildUse(snapshot.Commit, built, null, building);
    }

    /// <summary>The hash prebuilds are kept under: the commands and the paths, so that changing either builds anew.</summary>
    internal static string Hash(PrebuildRequest request) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Key)))[..16];

    private static string Failure(PrebuildFolder folder, string hash, string commit)
    {
        var path = folder.FailurePath(hash, commit);
        var error = File.Exists(path) ? File.ReadLines(path).FirstOrDefault() : null;
        return $"its build at {commit[..Math.Min(12, commit.Length)]} failed: {error ?? "for a reason not recorded"}; its output is kept in {path}";
    }

    private PrebuildFolder Folder(string mirror) => _folders.GetOrAdd(mirror, m =>
    {
        var folder = new PrebuildFolder(Path.Combine(Root, Path.GetFileName(m)));
        folder.RemoveLeftovers();
        return folder;
    });

    /// <summary>Copies each of the snapshot's paths into the same place in <paramref name="repository"/>, as links or copies.</summary>
    private async Task LayAsync(PrebuildFolder.Snapshot snapshot, string repository, CancellationToken cancellationToken)
    {
        foreach (var path in snapshot.Paths)
        {
            var parent = Path.GetDirectoryName(Path.Combine(repository, path))!;
            if (!PrebuildPaths.Plain(repository, path))
            {
                // The checkout has a link on the way (a tracked symbolic link, say): nothing is laid through it.
                continue;
            }

            PrebuildPaths.MakeFolders(repository, Path.GetDirectoryName(path) ?? string.Empty, Sandbox);
            await PrebuildPaths.CopyAsync(Path.Combine(snapshot.TreePath, path), parent, Links, mirrors.Git.Time, cancellationToken);
        }
    }
}
