using Automations.Core.Ports;

namespace Automations.Agents.Tests.Sandbox;

/// <summary>Each sandbox's own memory and process limits, through its cgroup.</summary>
public sealed class SandboxLimitsTests : IDisposable
{
    private readonly SandboxedAgentHarness _harness = new(root => TestSandbox.Bubblewrap(root, o =>
    {
        o.MaxMemoryBytes = 64L << 20;
        o.MaxProcesses = 32;
    }));

    public void Dispose() => _harness.Dispose();

    [SandboxLimitsFact]
    public async Task RunAsync_MoreMemoryThanItsLimit_IsKilled_AndTheErrorSaysWhy()
    {
        Assert.Contains("64 MiB, 32 processes", _harness.Sandbox.Description, StringComparison.Ordinal);

        // The agent's own shell holds 300 MB.
        var result = await _harness.RunAsync("hog=$(head -c 314572800 /dev/zero | tr '\\0' a); echo survived");

        Assert.Equal(AgentOutcome.Failed, result.Outcome);
        Assert.Contains("used more than its memory limit of 64 MiB", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_harness.Output, o => o.Text == "survived");
    }

    [SandboxLimitsFact]
    public async Task RunAsync_ForkBomb_StopsAtItsProcessLimit_WhileAnotherSandboxStartsItsOwn()
    {
        using var other = new SandboxedAgentHarness(root => TestSandbox.Bubblewrap(root, o => o.MaxProcesses = 32));
        // The storm runs in a subshell, which ends at the first fork refused; what runs is then counted with builtins only.
        var bomb = _harness.RunAsync("""
            ( i=0; while [ $i -lt 200 ]; do sleep 3 & i=$((i+1)); done ) 2>/dev/null
            n=0; for p in /proc/[0-9]*; do n=$((n+1)); done
            echo "running=$n"
            """);
        await Task.Delay(500);

        var neighbour = await other.RunAsync("for i in $(seq 20); do sleep 1 & done; wait; echo neighbour=ok");
        await bomb;

        Assert.InRange(int.Parse(_harness.Said("running"), System.Globalization.CultureInfo.InvariantCulture), 2, 32);
        Assert.Equal(AgentOutcome.Succeeded, neighbour.Outcome);
        Assert.Equal("ok", other.Said("neighbour"));
    }
}
