using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

public sealed partial class Prebuilds
{
    /// <summary>The last lines of a failed build's output kept with its record.</summary>
    private const int KeptLines = 200;

    /// <summary>Builds the prebuild at <paramref name="commit"/> once, however many sessions ask meanwhile: null when it is ready, else why not.</summary>
    private Task<string?> BuildAsync(PrebuildFolder folder, string mirror, string hash, string commit, PrebuildRequest request)
    {
        var key = Path.Combine(folder.KeyDirectory(hash), commit);
        var build = _building.GetOrAdd(key, _ => new Lazy<Task<string?>>(() => Task.Run(async () =>
        {
            try
            {
                return await RunBuildAsync(folder, mirror, hash, commit, request);
            }
            finally
            {
                _building.TryRemove(key, out Lazy<Task<string?>>? _);
            }
        })));
        return build.Value;
    }

    /// <summary>
    /// A checkout of <paramref name="commit"/> borrowing the mirror's objects, the commands in it confined as
    /// the agent's setup, then what is kept moved into a snapshot, sealed and published; the build's folder goes.
    /// </summary>
    private async Task<string?> RunBuildAsync(PrebuildFolder folder, string mirror, string hash, string commit, PrebuildRequest request)
    {
        var build = folder.NewBuild(hash, commit);
        var output = new Queue<string>();
        try
        {
            var repository = Path.Combine(build, "repo");
            var home = Path.Combine(build, "home");
            foreach (var made in (string[])[repository, home])
            {
                Directory.CreateDirectory(made);
                Sandbox.HandOver(made);
            }

            await mirrors.Git.RunAsSandboxUserAsync(repository, SessionRepositoryScripts.CreateDetached, [Mirrors.ObjectsOf(mirror), commit], CancellationToken.None);
            var run = new AgentRun
            {
                SessionId = $"prebuild-{hash}",
                Agent = request.Agent,
                WorkingDirectory = repository,
                HomeDirectory = home,
                SessionDirectory = build,
                ObjectStore = Mirrors.ObjectsOf(mirror),
                Prompt = string.Empty,
                Timeout = request.Timeout,
            };
            var result = await agents.RunSetupAsync(run, request.Commands, request.Timeout, (stream, line, _) => Keep(output, $"{stream}: {line}"), CancellationToken.None);
            if (!result.Succeeded)
            {
                return Failed(folder, hash, commit, result.Error!, output);
            }

            var paths = request.Paths.Count > 0 ? request.Paths : await UntrackedAsync(mirror, commit, repository);
            var partial = Path.Combine(folder.KeyDirectory(hash), $"{commit}.partial-{Guid.NewGuid():N}");
            var tree = Path.Combine(partial, PrebuildFolder.Tree);
            Directory.CreateDirectory(tree);
            var kept = PrebuildPaths.Keep(repository, tree, paths);
            if (Links)
            {
                PrebuildFolder.Seal(tree);
            }

            using (await _locks.AcquireAsync(folder.Directory, CancellationToken.None))
            {
                folder.Publish(hash, commit, partial, kept, mirrors.Git.Time.GetUtcNow());
                folder.Prune(keep);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or GitException or UnauthorizedAccessException)
        {
            return Failed(folder, hash, commit, ex.Message, output);
        }
        finally
        {
            Folders.Delete(build);
        }
    }

    private static ValueTask Keep(Queue<string> output, string line)
    {
        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > KeptLines)
            {
                output.Dequeue();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Records the failure with the end of its output; sessions at this commit lay an older snapshot, or run the commands as setup.</summary>
    private static string Failed(PrebuildFolder folder, string hash, string commit, string error, Queue<string> output)
    {
        lock (output)
        {
            File.WriteAllLines(folder.FailurePath(hash, commit), [error, string.Empty, .. output]);
        }

        return Failure(folder, hash, commit);
    }

    /// <summary>The top-level files and folders of the build's checkout that the commit does not track, read from the mirror.</summary>
    private async Task<IReadOnlyList<string>> UntrackedAsync(string mirror, string commit, string repository)
    {
        var tracked = (await mirrors.Git.RunAsync(mirror, ["ls-tree", "--name-only", "-z", commit], CancellationToken.None)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return [.. Directory.EnumerateFileSystemEntries(repository).Select(Path.GetFileName).OfType<string>()
            .Where(name => name != ".git" && !tracked.Contains(name, StringComparer.Ordinal)).Order(StringComparer.Ordinal)];
    }
}
