using System.Globalization;
using System.Text;

namespace Automations.Agents.Sandbox;

/// <summary>
/// The sandbox's <c>/etc</c>: a copy of the parts programs need (<see cref="SystemPaths.Etc"/>), made in the
/// sandbox's state folder and bound in one mount, where one mount per entry cost a sandbox's start 7 ms.
/// Only what every user may read is copied (never <c>/etc/ssl/private</c>), links stay links, and the
/// <c>passwd</c> and <c>group</c> it holds are empty places for the sandbox's own. It is made again when one
/// of its sources changes (a new <c>resolv.conf</c>), which is looked at no more than every 30 seconds.
/// </summary>
internal sealed class SandboxEtc(string stateDirectory, TimeProvider time)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    /// <summary>The copies this process made: only others are stale.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Made = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private string? _current;
    private string? _fingerprint;
    private long _checkedAt;

    /// <summary>The copy to bind as <c>/etc</c>, made or made again if its sources changed.</summary>
    public string Current()
    {
        lock (_gate)
        {
            if (_current is not null && time.GetElapsedTime(_checkedAt) < CheckEvery)
            {
                return _current;
            }

            _checkedAt = time.GetTimestamp();
            var fingerprint = Fingerprint();
            if (_current is null || fingerprint != _fingerprint)
            {
                // Sandboxes that run keep the copy they mounted, deleted or not.
                _current = Make();
                _fingerprint = fingerprint;
            }

            return _current;
        }
    }

    private string Make()
    {
        // One engine to a data directory: copies an earlier process left are stale. A copy this process
        // made may still be bound by a sandbox that runs (a replaced one); it goes with the process's end.
        foreach (var stale in Directory.Exists(stateDirectory) ? Directory.GetDirectories(stateDirectory, "etc-*") : [])
        {
            if (!Made.ContainsKey(stale))
            {
                Directory.Delete(stale, recursive: true);
            }
        }

        var target = Path.Combine(stateDirectory, string.Create(CultureInfo.InvariantCulture, $"etc-{Guid.NewGuid():N}"));
        Made[target] = true;
        Directory.CreateDirectory(target);
        foreach (var source in SystemPaths.Etc)
        {
            Copy(source, Path.Combine(target, Path.GetFileName(source)));
        }

        File.WriteAllBytes(Path.Combine(target, "passwd"), []);
        File.WriteAllBytes(Path.Combine(target, "group"), []);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return target;
    }

    private static void Copy(string source, string target)
    {
        var info = new FileInfo(source);
        if (info.LinkTarget is { } link)
        {
            File.CreateSymbolicLink(target, link);
        }
        else if (Directory.Exists(source))
        {
            if (!EveryoneMay(info.UnixFileMode, UnixFileMode.OtherRead | UnixFileMode.OtherExecute))
            {
                return;
            }

            Directory.CreateDirectory(target);
            foreach (var entry in Directory.EnumerateFileSystemEntries(source))
            {
                Copy(entry, Path.Combine(target, Path.GetFileName(entry)));
            }
        }
        else if (info.Exists && EveryoneMay(info.UnixFileMode, UnixFileMode.OtherRead) && info.Length < 16 * 1024 * 1024)
        {
            File.Copy(source, target);
        }
    }

    private static bool EveryoneMay(UnixFileMode mode, UnixFileMode needed) => (mode & needed) == needed;

    private static string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var source in SystemPaths.Etc)
        {
            var info = new FileInfo(source);
            text.Append(source).Append(info.Exists || Directory.Exists(source) ? info.LastWriteTimeUtc.Ticks : 0).Append(info.LinkTarget).Append('\n');
        }

        return text.ToString();
    }
}
