using Automations.Agents.Processes;
using Automations.Agents.Sandbox;

namespace Automations.Agents.Workspaces;

/// <summary>Moving a prebuild's kept paths out of its checkout, and laying them into a session's, never through a link.</summary>
internal static class PrebuildPaths
{
    /// <summary>True when no part of <paramref name="relative"/> under <paramref name="root"/> that exists is a symbolic link, but the last.</summary>
    public static bool Plain(string root, string relative)
    {
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            path = Path.Combine(path, parts[i]);
            var info = new FileInfo(path);
            if (info.LinkTarget is not null || (info.Exists && !Directory.Exists(path)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Moves each of <paramref name="paths"/> that the commands left from the checkout into <paramref name="tree"/>: the ones kept.</summary>
    public static IReadOnlyList<string> Keep(string repository, string tree, IReadOnlyList<string> paths)
    {
        var kept = new List<string>();
        foreach (var path in paths)
        {
            var source = Path.Combine(repository, path);
            var info = new FileInfo(source);
            if (!Plain(repository, path) || !(info.Exists || info.LinkTarget is not null || Directory.Exists(source)))
            {
                continue;
            }

            var target = Path.Combine(tree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Directory.Exists(source) && info.LinkTarget is null)
            {
                Directory.Move(source, target);
            }
            else
            {
                File.Move(source, target);
            }

            kept.Add(path);
        }

        return kept;
    }

    /// <summary>Makes the folders of <paramref name="relative"/> under <paramref name="root"/> that are missing, each the sandbox user's.</summary>
    public static void MakeFolders(string root, string relative, IProcessSandbox sandbox)
    {
        var path = root;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path = Path.Combine(path, part);
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
                sandbox.HandOver(path);
            }
        }
    }

    /// <summary>Copies <paramref name="source"/> into folder <paramref name="parent"/> with <c>cp -a</c>: as hard links, or reflinked where the file system can, else copied.</summary>
    public static async Task CopyAsync(string source, string parent, bool links, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var outcome = await ProcessSupervisor.RunAsync(
            new ProcessSpec
            {
                FileName = "cp",
                Arguments = ["-a", links ? "--link" : "--reflink=auto", "-t", parent, "--", source],
                WorkingDirectory = parent,
                Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = "/usr/bin:/bin", ["LANG"] = "C.UTF-8" },
                Timeout = TimeSpan.FromMinutes(10),
            },
            (line, _) =>
            {
                errors.Add(line.Text);
                return ValueTask.CompletedTask;
            },
            time,
            cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw new IOException($"cp exited with code {outcome.ExitCode}: {string.Join(' ', errors.Take(3))}");
        }
    }
}
