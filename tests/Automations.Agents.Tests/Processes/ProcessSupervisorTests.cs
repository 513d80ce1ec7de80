using System.Diagnostics;
using Automations.Agents.Processes;
using Automations.Testing;

namespace Automations.Agents.Tests.Processes;

public sealed class ProcessSupervisorTests : IDisposable
{
    private readonly TempDirectory _directory = new("supervisor");

    public void Dispose() => _directory.Dispose();

    private ProcessSpec Shell(string script, TimeSpan timeout, string? input = null) => new()
    {
        FileName = "/bin/sh",
        Arguments = ["-c", script],
        WorkingDirectory = _directory.Path,
        Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = "/usr/bin:/bin" },
        StandardInput = input,
        Timeout = timeout,
    };

    [Fact]
    public async Task RunAsync_InputLargerThanAPipeThatIsNeverRead_TimesOutOnTime()
    {
        var marker = $"never-reads-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();

        var outcome = await ProcessSupervisor.RunAsync(
            Shell($"sleep 600 # {marker}", TimeSpan.FromSeconds(1), input: new string('x', 200 * 1024)),
            (_, _) => ValueTask.CompletedTask,
            TimeProvider.System,
            CancellationToken.None);

        Assert.True(outcome.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the run took {clock.Elapsed} for a 1 s timeout");
        Assert.False(Scripts.AnyProcessWith(marker), "the process outlived its timeout");
    }

    [Fact]
    public async Task RunAsync_InputReadWhole_ArrivesWhole()
    {
        var input = string.Concat(Enumerable.Repeat("0123456789", 50_000));
        var lines = new List<ProcessLine>();

        var outcome = await ProcessSupervisor.RunAsync(Shell("wc -c", TimeSpan.FromSeconds(30), input), (line, _) => { lines.Add(line); return ValueTask.CompletedTask; }, TimeProvider.System, CancellationToken.None);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("500000", Assert.Single(lines).Text.Trim());
    }

    [Fact]
    public async Task RunAsync_LineLongerThanTheCap_KeptToTheCap_WithWhatWasDropped()
    {
        var lines = new List<ProcessLine>();

        var outcome = await ProcessSupervisor.RunAsync(
            Shell("head -c 5000000 /dev/zero | tr '\\0' a; echo; echo after", TimeSpan.FromSeconds(30)) with { MaxLineBytes = 64 * 1024 },
            (line, _) => { lines.Add(line); return ValueTask.CompletedTask; },
            TimeProvider.System,
            CancellationToken.None);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(2, lines.Count);
        Assert.Equal(64 * 1024, lines[0].Text.Length);
        Assert.Equal(5_000_000 - (64 * 1024), lines[0].DroppedBytes);
        Assert.Equal(new ProcessLine("stdout", "after"), lines[1]);
    }
}
