using Automations.Agents.Sandbox;
using Automations.Agents.Workspaces;

namespace Automations.Agents.Tests;

/// <summary>Sandboxes for tests, made as the engine makes them, with the test's folder as what must stay hidden.</summary>
internal static class TestSandbox
{
    /// <summary>The sandbox the engine would choose here: bubblewrap where it works (CI installs it), else none.</summary>
    public static IProcessSandbox Default(string root) =>
        SandboxSelection.Choose(new SandboxOptions(), root, []).Sandbox;

    /// <summary>Bubblewrap, or a failure that says why it cannot be had.</summary>
    public static IProcessSandbox Bubblewrap(string root, Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Mode = SandboxModes.Bubblewrap };
        configure?.Invoke(options);
        var choice = SandboxSelection.Choose(options, root, []);
        return choice.Error is { } error ? throw new InvalidOperationException(error) : choice.Sandbox;
    }

    /// <summary>Makes a folder a test made, and all in it, the sandbox user's, as the engine does with what agents write.</summary>
    public static void HandOverTree(IProcessSandbox sandbox, string root)
    {
        sandbox.HandOver(root);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None }))
        {
            sandbox.HandOver(entry);
        }
    }

    /// <summary>Mirrors under <c>{root}/mirrors</c>, their git confined by <paramref name="sandbox"/>.</summary>
    public static Mirrors Mirrors(string root, IProcessSandbox sandbox, Core.Ports.IGitCredentials? credentials = null) =>
        new(new Git(TimeProvider.System, sandbox), Path.Combine(root, "mirrors"), credentials);
}
