using System.Diagnostics;

namespace Automations.Bench.Latency;

/// <summary>
/// What a scenario's engines share: a git remote <c>acme/web</c> (a bare repository under the scenario's
/// folder), the <c>probe</c> automation on it, and the agent: a script that prints the clock and exits.
/// </summary>
internal static class Workspace
{
    public static Dictionary<string, string> Prepare(string root)
    {
        var automations = Directory.CreateDirectory(Path.Combine(root, "automations")).FullName;
        var gitRoot = Directory.CreateDirectory(Path.Combine(root, "git", "acme")).Parent!.FullName;
        var work = Directory.CreateDirectory(Path.Combine(root, "web.work")).FullName;
        File.WriteAllText(Path.Combine(work, "README.md"), "# web\n");
        Git(work, "init", "--quiet", "--initial-branch", "main");
        Git(work, "add", "--all");
        Git(work, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "-m", "initial");
        Git(root, "clone", "--quiet", "--bare", work, Path.Combine(gitRoot, "acme", "web.git"));

        var agent = Path.Combine(root, "agent.sh");
        File.WriteAllText(agent, "#!/bin/sh\necho \"agent-start $(date +%s%N)\"\n");
        File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllText(Path.Combine(automations, "probe.yaml"), """
            name: probe
            on:
              - github: { event: issues.labeled, where: { payload.label.name: probe } }
            repository: acme/web
            agent: { use: probe }
            instructions: Print the clock.
            """);
        return new Dictionary<string, string>
        {
            ["Automations__GitHub__GitUrl"] = gitRoot,
            ["Automations__Agents__probe__Command"] = agent,
            ["Automations__Worker__Concurrency"] = "8",
        };
    }

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {arguments[0]} failed: {process.StandardError.ReadToEnd()}");
        }
    }
}
