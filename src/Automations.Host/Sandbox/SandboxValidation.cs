using Automations.Agents.Sandbox;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Sandbox;

/// <summary>
/// Checks <c>Automations:Sandbox</c> and each agent's <c>Network</c> at start: a sandbox that was asked for
/// and cannot be made, or a setting it cannot honour, fails the start with the reason.
/// </summary>
internal sealed class SandboxValidation(SandboxChooser chooser) : IValidateOptions<AutomationsOptions>
{
    public ValidateOptionsResult Validate(string? name, AutomationsOptions options)
    {
        var failures = new List<string>();
        var sandbox = options.Sandbox;
        if (sandbox.Uid is < 1 or > int.MaxValue - 1 || sandbox.Gid is < 1 or > int.MaxValue - 1)
        {
            failures.Add("Automations:Sandbox:Uid and :Gid must be user and group ids other than root's (0).");
        }

        if (sandbox.MaxProcesses < 16)
        {
            failures.Add("Automations:Sandbox:MaxProcesses must be at least 16.");
        }

        if (sandbox.TmpBytes < 1024 * 1024)
        {
            failures.Add("Automations:Sandbox:TmpBytes must be at least 1 MiB (1048576).");
        }

        var dataDir = options.DataPath();
        foreach (var path in sandbox.ReadOnlyPaths.Where(p => SystemPathsContain(p, dataDir)))
        {
            failures.Add($"Automations:Sandbox:ReadOnlyPaths holds '{path}', which holds the data directory: agents must not see it.");
        }

        foreach (var (agent, agentOptions) in options.Agents)
        {
            if (NetworkPolicy.Parse(agentOptions.Network) is null)
            {
                failures.Add($"Automations:Agents:{agent}:Network is '{agentOptions.Network}'; use '{NetworkPolicy.Open}' or '{NetworkPolicy.None}'.");
            }

            failures.AddRange(WritableProblems(agent, agentOptions.WritablePaths, dataDir));
        }

        if (options.Worker.MaxOutputLineBytes < 1024 || options.Worker.MaxSessionOutputBytes < options.Worker.MaxOutputLineBytes)
        {
            failures.Add("Automations:Worker:MaxOutputLineBytes must be at least 1024, and MaxSessionOutputBytes at least MaxOutputLineBytes.");
        }

        if (failures.Count == 0 && chooser.For(options).Error is { } error)
        {
            failures.Add(error);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> WritableProblems(string agent, IEnumerable<string> paths, string dataDir)
    {
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 1 } h ? Path.GetFullPath(h) : null;
        foreach (var path in paths.Select(Path.GetFullPath))
        {
            if (SystemPathsContain(path, dataDir) || SystemPathsContain(dataDir, path) || (home is not null && SystemPathsContain(path, home)))
            {
                yield return $"Automations:Agents:{agent}:WritablePaths holds '{path}', which holds, or lies in, the data directory or the engine's home: agents must not reach them.";
            }
            else if (!Directory.Exists(path))
            {
                yield return $"Automations:Agents:{agent}:WritablePaths holds '{path}', which does not exist: make it, writable by the sandbox's user.";
            }
        }
    }

    private static bool SystemPathsContain(string root, string path)
    {
        var full = Path.GetFullPath(root).TrimEnd('/');
        return path == full || path.StartsWith(full + "/", StringComparison.Ordinal) || full.Length == 0;
    }
}
