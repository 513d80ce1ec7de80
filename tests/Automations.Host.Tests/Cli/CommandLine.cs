using System.Diagnostics;

namespace Automations.Host.Tests.Cli;

/// <summary>Runs the real <c>automations</c> executable, or another command, with arguments, and collects what it prints.</summary>
internal static class CommandLine
{
    /// <summary>The repository's root: the folder above the tests' own that holds <c>Automations.sln</c>.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Automations.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Automations.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The engine's executable (<c>automations.dll</c> beside the tests) with <paramref name="arguments"/>.</summary>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="environment">Variables to set, or with a null value to remove.</param>
    /// <param name="arguments">Its arguments.</param>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ExecAsync("dotnet", workingDirectory, environment, TimeSpan.FromSeconds(60), [Path.Combine(AppContext.BaseDirectory, "automations.dll"), .. arguments]);

    /// <summary>Runs <paramref name="fileName"/> to its end, within <paramref name="timeout"/>: its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> ExecAsync(string fileName, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output, await error);
    }
}
