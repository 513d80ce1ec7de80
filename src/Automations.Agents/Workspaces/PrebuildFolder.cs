using System.Globalization;
using Automations.Agents.Processes;

namespace Automations.Agents.Workspaces;

/// <summary>
/// One repository's prebuilds on disk, in <c>{root}/{mirror's name}/</c>: per hash of the commands and paths,
/// a ready snapshot per base commit in <c>{hash}/{commit}/</c> (what was kept in <c>tree/</c>, the kept paths
/// in <c>paths</c>, when it was made in <c>ready</c>), a failed build's output in <c>{hash}/{commit}.failed</c>,
/// and builds under way in <c>{hash}/.build-*</c>. A snapshot is moved into place only when complete.
/// </summary>
internal sealed class PrebuildFolder(string directory)
{
    public const string Tree = "tree";

    public string Directory { get; } = directory;

    /// <summary>A ready snapshot: its folder, its base commit, the paths it keeps and when it was made.</summary>
    public sealed record Snapshot(string Path, string Commit, IReadOnlyList<string> Paths, DateTimeOffset Made)
    {
        public string TreePath => System.IO.Path.Combine(Path, Tree);
    }

    public string KeyDirectory(string hash) => Path.Combine(Directory, hash);

    /// <summary>The snapshot of <paramref name="hash"/> at <paramref name="commit"/>, if ready.</summary>
    public Snapshot? Ready(string hash, string commit) => Read(Path.Combine(KeyDirectory(hash), commit));

    /// <summary>The newest ready snapshot of <paramref name="hash"/>, whatever its commit.</summary>
    public Snapshot? Newest(string hash) => All(KeyDirectory(hash)).MaxBy(s => s.Made);

    /// <summary>Where a failed build at <paramref name="commit"/> left its output.</summary>
    public string FailurePath(string hash, string commit) => Path.Combine(KeyDirectory(hash), commit + ".failed");

    /// <summary>A new folder for a build of <paramref name="hash"/> at <paramref name="commit"/>.</summary>
    public string NewBuild(string hash, string commit)
    {
        var build = Path.Combine(KeyDirectory(hash), $".build-{commit}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(build);
        return build;
    }

    /// <summary>Removes what a process that ended mid-build left: builds and half-made snapshots.</summary>
    public void RemoveLeftovers()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        foreach (var key in System.IO.Directory.EnumerateDirectories(Directory))
        {
            foreach (var left in System.IO.Directory.EnumerateDirectories(key).Where(d => Path.GetFileName(d).StartsWith(".build-", StringComparison.Ordinal) || d.Contains(".partial-", StringComparison.Ordinal)))
            {
                Folders.Delete(left);
            }
        }
    }

    /// <summary>Makes <paramref name="partial"/> (holding <see cref="Tree"/>) the ready snapshot at <paramref name="commit"/>.</summary>
    public Snapshot Publish(string hash, string commit, string partial, IReadOnlyList<string> paths, DateTimeOffset made)
    {
        File.WriteAllLines(Path.Combine(partial, "paths"), paths);
        File.WriteAllText(Path.Combine(partial, "ready"), made.ToString("O", CultureInfo.InvariantCulture));
        var target = Path.Combine(KeyDirectory(hash), commit);
        Folders.Delete(target);
        System.IO.Directory.Move(partial, target);
        File.Delete(FailurePath(hash, commit));
        return Read(target)!;
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> snapshots of the repository, of any commands.</summary>
    public void Prune(int keep)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        var snapshots = System.IO.Directory.EnumerateDirectories(Directory).SelectMany(All).OrderByDescending(s => s.Made).ToList();
        foreach (var old in snapshots.Skip(keep))
        {
            Folders.Delete(old.Path);
        }
    }

    /// <summary>
    /// Makes every file of a snapshot the engine's (root's), readable by all and writable by none, so that a
    /// sandboxed agent can neither write nor chmod the hard links it gets; links are left as they are.
    /// </summary>
    public static void Seal(string tree)
    {
        const UnixFileMode Kept = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        const UnixFileMode Read = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var file in System.IO.Directory.EnumerateFiles(tree, "*", options))
        {
            if (NativeMethods.LChown(file, 0, 0) != 0)
            {
                throw new IOException($"cannot make {file} the engine's: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
            }

            File.SetUnixFileMode(file, (File.GetUnixFileMode(file) & Kept) | Read);
        }
    }

    private static IEnumerable<Snapshot> All(string keyDirectory) =>
        System.IO.Directory.Exists(keyDirectory)
            ? System.IO.Directory.EnumerateDirectories(keyDirectory).Where(d => !Path.GetFileName(d).Contains('.', StringComparison.Ordinal)).Select(Read).OfType<Snapshot>()
            : [];

    private static Snapshot? Read(string path)
    {
        var ready = Path.Combine(path, "ready");
        return File.Exists(ready) && DateTimeOffset.TryParse(File.ReadAllText(ready), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var made)
            ? new Snapshot(path, Path.GetFileName(path), File.ReadAllLines(Path.Combine(path, "paths")), made)
            : null;
    }
}
