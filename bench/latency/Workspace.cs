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
        BenchProcesses.CreateRepository(Path.Combine(gitRoot, "acme", "web.git"));

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
}
