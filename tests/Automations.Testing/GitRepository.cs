using System.Diagnostics;

namespace Automations.Testing;

/// <summary>Real git repositories for tests: a bare remote seeded with a first commit on <c>main</c>.</summary>
public static class GitRepository
{
    /// <summary>Creates a bare repository at <paramref name="barePath"/> whose <c>main</c> holds the given files.</summary>
    public static void CreateBare(string barePath, IReadOnlyDictionary<string, string> files)
    {
        var seed = barePath + ".seed";
        Directory.CreateDirectory(seed);
        Run(seed, "init", "--quiet", "--initial-branch=main");
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(seed, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        Run(seed, "add", "--all");
        Run(seed, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "first");
        Run(Path.GetDirectoryName(barePath)!, "clone", "--quiet", "--bare", seed, barePath);
        Directory.Delete(seed, recursive: true);
    }

    /// <summary>
    /// Commits to <paramref name="branch"/> of the bare repository, as a developer's push would: each file
    /// written, or removed when its content is null. Returns the new commit.
    /// </summary>
    public static string Commit(string barePath, IReadOnlyDictionary<string, string?> files, string message = "change", string branch = "main")
    {
        var work = $"{barePath}.work-{Guid.NewGuid():N}";
        try
        {
            Run(Path.GetDirectoryName(barePath)!, "clone", "--quiet", "--branch", branch, barePath, work);
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(work, name);
                if (content is null)
                {
                    File.Delete(path);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }

            Run(work, "add", "--all");
            Run(work, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", message);
            Run(work, "push", "--quiet", "origin", branch);
            return Run(work, "rev-parse", "HEAD");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Runs git and returns its standard output; throws with its error output when it fails. Sessions'
    /// repositories belong to the sandbox's user, so git is told they are safe to read.
    /// </summary>
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", "safe.directory=*", .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }

        return output.Result.TrimEnd();
    }

    /// <summary>The content of a file on a branch of a repository (bare or not).</summary>
    public static string Show(string repository, string branch, string file) => Run(repository, "show", $"{branch}:{file}");

    public static IReadOnlyList<string> Branches(string repository) =>
        Run(repository, "for-each-ref", "--format=%(refname:short)", "refs/heads/").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
