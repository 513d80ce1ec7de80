using System.Globalization;
using Automations.Agents.Sandbox;
using Automations.Testing;

namespace Automations.Agents.Tests.Sandbox;

/// <summary>
/// Finding where sandboxes' cgroups go, over a folder laid out as the kernel lays out a cgroup v2 tree (this
/// machine's own is v1, which <see cref="SandboxLimitsTests"/> uses for real).
/// </summary>
public sealed class SandboxCgroupsTests : IDisposable
{
    private readonly TempDirectory _directory = new("cgroups");

    public void Dispose() => _directory.Dispose();

    private string Self(string text)
    {
        var path = _directory.Combine("self-cgroup");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Find_DelegatedV2Subtree_MovesTheEngineIntoALeaf_AndEnablesMemoryAndPidsForSandboxes()
    {
        var service = Directory.CreateDirectory(_directory.Combine("root", "system.slice", "automations.service")).FullName;
        File.WriteAllText(Path.Combine(service, "cgroup.controllers"), "cpu io memory pids\n");
        File.WriteAllText(Path.Combine(service, "cgroup.subtree_control"), string.Empty);

        var cgroups = SandboxCgroups.Find(Self("0::/system.slice/automations.service\n"), _directory.Combine("root"));

        Assert.NotNull(cgroups);
        Assert.Equal("cgroup v2 memory and pids", cgroups.Description);
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(service, "automations-engine", "cgroup.procs")));
        Assert.Equal("+memory +pids", File.ReadAllText(Path.Combine(service, "cgroup.subtree_control")));
        var procs = Assert.Single(cgroups.Create(64L << 20, 32));
        Assert.Equal(service, Path.GetDirectoryName(Path.GetDirectoryName(procs)));
        Assert.StartsWith("sandbox-", Path.GetFileName(Path.GetDirectoryName(procs)), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_V2WithoutTheControllers_None()
    {
        var service = Directory.CreateDirectory(_directory.Combine("root", "user.slice")).FullName;
        File.WriteAllText(Path.Combine(service, "cgroup.controllers"), "cpu io\n");
        File.WriteAllText(Path.Combine(service, "cgroup.subtree_control"), string.Empty);

        Assert.Null(SandboxCgroups.Find(Self("0::/user.slice\n"), _directory.Combine("root")));
        Assert.False(Directory.Exists(Path.Combine(service, "automations-engine")));
    }

    [Fact]
    public void Find_V1Hierarchies_SandboxesGoBelowTheEnginesOwnMemoryAndPidsCgroups()
    {
        Directory.CreateDirectory(_directory.Combine("root", "memory", "engine"));
        Directory.CreateDirectory(_directory.Combine("root", "pids"));

        var cgroups = SandboxCgroups.Find(Self("4:memory:/engine\n8:pids:/\n0::/\n"), _directory.Combine("root"));

        Assert.NotNull(cgroups);
        var procs = cgroups.Create(64L << 20, 32);
        Assert.Equal(2, procs.Count);
        Assert.StartsWith(_directory.Combine("root", "memory", "engine", "automations-sandboxes", "sandbox-"), procs[0], StringComparison.Ordinal);
        Assert.StartsWith(_directory.Combine("root", "pids", "automations-sandboxes", "sandbox-"), procs[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NoCgroupFile_None()
    {
        Assert.Null(SandboxCgroups.Find(_directory.Combine("missing"), _directory.Combine("root")));
    }
}
