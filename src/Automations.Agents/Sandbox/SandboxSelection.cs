using System.Diagnostics;
using Automations.Agents.Processes;

namespace Automations.Agents.Sandbox;

/// <summary>
/// Chooses the sandbox from <c>Automations:Sandbox:Mode</c> and what this machine can do: bubblewrap where
/// <c>bwrap</c> is installed and a trial sandbox starts (user namespaces can be switched off, by the kernel
/// or a container), else none, with a warning that says how to get it.
/// </summary>
public static class SandboxSelection
{
    public const string InstallHint = "install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)";

    /// <param name="options">The settings.</param>
    /// <param name="dataDirectory">
    /// The engine's data directory: made the engine's alone (0700), or, when the engine runs as root with the
    /// sandbox, passable (not readable) by the sandbox's group too (0710), since bubblewrap, started as the
    /// sandbox's user, must reach the session's files it binds. Its <c>sandbox/</c> holds the sandbox's own files.
    /// </param>
    /// <param name="hidden">What no sandbox may see besides the data directory: the engine's home.</param>
    public static SandboxChoice Choose(SandboxOptions options, string dataDirectory, IReadOnlyList<string> hidden)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stateDirectory = Path.Combine(dataDirectory, "sandbox");
        Guard(dataDirectory, null);
        hidden = [dataDirectory, .. hidden];
        var mode = options.Mode?.Trim().ToLowerInvariant();
        if (mode == SandboxModes.None)
        {
            return new SandboxChoice(new Unconfined("the sandbox is off (Automations:Sandbox:Mode=none)"), "the sandbox is off (Automations:Sandbox:Mode=none): agents run as the engine's own user and can read what it can; every session says it ran unsandboxed");
        }

        if (mode is not (null or "" or SandboxModes.Bubblewrap))
        {
            return new SandboxChoice(new Unconfined("misconfigured"), Error: $"Automations:Sandbox:Mode is '{options.Mode}'; use '{SandboxModes.Bubblewrap}' or '{SandboxModes.None}'");
        }

        var required = mode == SandboxModes.Bubblewrap;
        var asRoot = NativeMethods.GetEffectiveUserId() == 0;
        var programs = SandboxPrograms.Find();
        var problem = programs is null ? $"bubblewrap (bwrap) is not installed; {InstallHint}"
            : asRoot && programs.Setpriv is null ? "setpriv (util-linux) is not installed, and the engine runs as root: the sandbox could not drop root"
            : null;
        if (problem is null)
        {
            Directory.CreateDirectory(stateDirectory);
            var cgroups = SandboxCgroups.Find();
            foreach (var (disableUserNamespaces, limits) in new[] { (true, cgroups), (false, cgroups), (true, null), (false, null) }.Distinct())
            {
                var sandbox = new BubblewrapSandbox(programs!, options, hidden, asRoot, disableUserNamespaces, stateDirectory, limits);
                Guard(dataDirectory, asRoot ? sandbox.Gid : null);
                problem = Try(sandbox.Probe(stateDirectory));
                if (problem is null)
                {
                    return new SandboxChoice(sandbox);
                }
            }

            Guard(dataDirectory, null);
            problem = $"bubblewrap cannot make a sandbox here: {problem}"
                + (asRoot ? $" (the sandbox's user, uid {options.Uid}, must be able to pass through every folder above {dataDirectory})" : string.Empty);
        }

        return required
            ? new SandboxChoice(new Unconfined(problem), Error: $"Automations:Sandbox:Mode is bubblewrap, but {problem}")
            : new SandboxChoice(new Unconfined(problem), $"agents run unsandboxed, as the engine's own user, and can read what it can: {problem}. Set Automations:Sandbox:Mode=none to run so on purpose");
    }

    /// <summary>The data directory is the engine's alone, or also passable (search only) by group <paramref name="sandboxGroup"/>.</summary>
    private static void Guard(string dataDirectory, uint? sandboxGroup)
    {
        Directory.CreateDirectory(dataDirectory);
        if (sandboxGroup is { } group && NativeMethods.LChown(dataDirectory, 0, group) == 0)
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
            return;
        }

        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Starts the trial sandbox; null when it ran, else what bubblewrap said.</summary>
    private static string? Try(ProcessSpec probe)
    {
        var start = new ProcessStartInfo(probe.FileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = probe.WorkingDirectory,
        };
        foreach (var argument in probe.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return "a trial sandbox did not start within 10 seconds";
            }

            return process.ExitCode == 0 ? null : error.Result.Trim() is { Length: > 0 } said ? said : $"exit code {process.ExitCode}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return ex.Message;
        }
    }
}
