using System.Diagnostics;
using Xunit;

namespace Automations.Testing;

/// <summary>
/// The real Claude Code and Codex command lines, installed from npm into <c>tools/agents</c> by
/// <c>scripts/install-agents.sh</c> the first time a test needs them.
/// </summary>
public static class AgentClis
{
    private static readonly Lazy<string?> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string BinDirectory => Path.Combine(RepositoryRoot, "tools", "agents", "node_modules", ".bin");

    /// <summary>The <c>claude</c> executable, installing it first if needed.</summary>
    public static string Claude => Require("claude");

    /// <summary>The <c>codex</c> executable, installing it first if needed.</summary>
    public static string Codex => Require("codex");

    /// <summary>True when the command lines are installed, or can be (npm is on PATH).</summary>
    public static bool Available => File.Exists(Path.Combine(BinDirectory, "claude")) || OnPath("npm");

    /// <summary>True on CI, where a test that cannot run must fail instead of skipping.</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Require(string name)
    {
        if (Installed.Value is { } error)
        {
            throw new InvalidOperationException($"The agent command lines could not be installed: {error}");
        }

        return Path.Combine(BinDirectory, name);
    }

    private static string? Install()
    {
        // Test assemblies run in parallel processes: one installs while the others wait on the lock.
        var lockPath = Path.Combine(RepositoryRoot, "tools", "agents", ".install.lock");
        using var gate = AcquireLock(lockPath);
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "scripts", "install-agents.sh")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : stderr.Result.Trim();
    }

    private static FileStream AcquireLock(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10))
            {
                Thread.Sleep(200);
            }
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, program)));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Automations.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Automations.sln not found above the test's folder.");
    }
}

/// <summary>
/// A test that drives a real agent command line. It skips where npm is missing and nothing is installed,
/// except on CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
public sealed class AgentCliFactAttribute : FactAttribute
{
    public AgentCliFactAttribute()
    {
        if (!AgentClis.Available && !AgentClis.OnCi)
        {
            Skip = "npm is not installed, so the real agent command lines cannot be; CI=true makes this a failure";
        }
    }
}
