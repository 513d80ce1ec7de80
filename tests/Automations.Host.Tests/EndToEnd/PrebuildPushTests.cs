using Automations.Testing;
using Xunit.Abstractions;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// A push to a repository's base builds the next prebuild in the background, before any session asks, in the
/// real sandbox: once however often it is delivered, never for another branch, from the repository's own
/// setting for an automation without a <c>prebuild:</c>, and a build that fails is logged with why while the
/// sessions run its commands as setup.
/// </summary>
public sealed class PrebuildPushTests(ITestOutputHelper output) : IDisposable
{
    private const string Repository = "acme/web";

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private string Runs => _setup.Shared("prebuild-runs");

    private string Counted(string then) => $"echo ran >> {Runs} && {then}";

    private int RunCount() => File.Exists(Runs) ? File.ReadAllLines(Runs).Length : 0;

    /// <summary>An automation on the labelled issue's repository, base <c>main</c>, with <paramref name="prebuild"/> as its only prebuild command (none: no <c>prebuild:</c>).</summary>
    private void Define(string? prebuild) => _setup.Definition("deps.yaml", $$$"""
        name: deps
        on:
          - github: { event: issues.labeled }
        repository: "{{ event.repository }}"
        base: main
        agent: { use: demo, timeout: 2m }
        instructions: Use the dependencies.
        {{{(prebuild is null ? string.Empty : $"prebuild: {{ commands: [{System.Text.Json.JsonSerializer.Serialize(prebuild)}] }}")}}}
        """);

    private Task<EngineProcess> StartAsync(params (string Key, string Value)[] extra) =>
        _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo \"SAW $(cat deps/lib.txt)\""), extra));

    /// <summary>A new commit on <paramref name="branch"/> of the remote, and GitHub's push of it; its commit.</summary>
    private async Task<string> PushAsync(EngineProcess engine, string branch = "main")
    {
        var before = GitRepository.Run(_setup.Remote, "rev-parse", branch);
        var after = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { ["CHANGELOG.md"] = $"{Guid.NewGuid()}\n" }, branch: branch);
        await RepositoryPushes.PushAsync(engine, Repository, before, after, "CHANGELOG.md", branch);
        return after;
    }

    private bool Ready(string commit)
    {
        var prebuilds = Path.Combine(_setup.DataDir, "prebuilds");
        return Directory.Exists(prebuilds) && Directory.GetFiles(prebuilds, "ready", SearchOption.AllDirectories).Any(f => Path.GetFileName(Path.GetDirectoryName(f)) == commit);
    }

    private async Task StartsFromAsync(EngineProcess engine, string commit, string deliveryId)
    {
        var session = await PrebuildTests.RunAsync(engine, deliveryId);
        var prebuild = await PrebuildTests.PrebuildEventAsync(engine, session);
        Assert.Equal(commit, prebuild.GetProperty("commit").GetString());
        Assert.False(prebuild.GetProperty("built").GetBoolean(), prebuild.ToString());
        Assert.Contains($"SAW v1 from {commit[..7]}", await PrebuildTests.SaidAsync(engine, session), StringComparison.Ordinal);
        Assert.DoesNotContain(await PrebuildTests.EventsAsync(engine, session), e => e.GetProperty("type").GetString() == "setup");
    }

    [SandboxFact]
    public async Task PushToTheBase_BuildsItsCommitsPrebuildBeforeAnySession_OnceHoweverOftenDelivered()
    {
        Define(Counted(PrebuildTests.Build));
        await using var engine = await StartAsync();

        var after = await PushAsync(engine);
        await Waiting.UntilAsync(() => Ready(after), TimeSpan.FromSeconds(60), "the pushed commit's prebuild");
        Assert.Equal(1, RunCount());
        await Waiting.UntilAsync(() => engine.Output.Contains("is ready, built after a push in", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the build's log line");
        output.WriteLine(engine.Output.Split('\n').Single(l => l.Contains("is ready, built after a push in", StringComparison.Ordinal)).Trim());

        // GitHub redelivers the push: the observer asks again, and the build finds it ready.
        await RepositoryPushes.PushAsync(engine, Repository, GitRepository.Run(_setup.Remote, "rev-parse", "main~1"), after, "CHANGELOG.md");
        await Waiting.UntilAsync(() => engine.Output.Contains($"The prebuild at {after[..12]} of", StringComparison.Ordinal) && engine.Output.Contains("was ready already", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the redelivery's answer");

        await StartsFromAsync(engine, after, "i-1");
        Assert.Equal(1, RunCount());
    }

    [SandboxFact]
    public async Task PushToAnotherBranch_BuildsNothing()
    {
        Define(Counted(PrebuildTests.Build));
        await using var engine = await StartAsync();
        GitRepository.Run(_setup.Remote, "branch", "feature", "main");

        var feature = await PushAsync(engine, "feature");
        var main = await PushAsync(engine);
        await Waiting.UntilAsync(() => Ready(main), TimeSpan.FromSeconds(60), "the base's prebuild");

        Assert.False(Ready(feature));
        Assert.Equal(1, RunCount());
        Assert.Contains($"The push of {main[..12]} to {Repository} (main) asks for the next prebuild of automation deps", engine.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"The push of {feature[..12]}", engine.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"The prebuild at {feature[..12]}", engine.Output, StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task FailedBuildAfterAPush_IsLoggedWithWhy_AndSessionsRunItsCommandsAsSetup()
    {
        var failedOnce = _setup.Shared("failed-once");
        Define(Counted($"if [ ! -e {failedOnce} ]; then touch {failedOnce}; echo 'registry unreachable' >&2; exit 3; fi; {PrebuildTests.Build}"));
        await using var engine = await StartAsync();

        var after = await PushAsync(engine);
        await Waiting.UntilAsync(() => engine.Output.Contains("was not built after a push", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the failed build's log line");

        Assert.Contains($"The prebuild at {after[..12]} of", engine.Output, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", engine.Output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_setup.DataDir, "prebuilds"), $"{after}.failed", SearchOption.AllDirectories));
        Assert.False(Ready(after));

        var session = await PrebuildTests.RunAsync(engine, "f-1");
        Assert.Contains("its commands run as setup", (await PrebuildTests.PrebuildEventAsync(engine, session)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(await PrebuildTests.EventsAsync(engine, session), e => e.GetProperty("type").GetString() == "setup");
        Assert.Contains($"SAW v1 from {after[..7]}", await PrebuildTests.SaidAsync(engine, session), StringComparison.Ordinal);
        Assert.Equal(2, RunCount());
    }

    [SandboxFact]
    public async Task RepositorysPrebuild_ServesAnAutomationWithoutItsOwn_BuiltByAPush()
    {
        Define(prebuild: null);
        await using var engine = await StartAsync(
            ("Automations:Repositories:0:Repository", Repository),
            ("Automations:Repositories:0:Prebuild:Commands:0", Counted(PrebuildTests.Build)),
            ("Automations:Repositories:0:Prebuild:Paths:0", "deps"));

        var after = await PushAsync(engine);
        await Waiting.UntilAsync(() => Ready(after), TimeSpan.FromSeconds(60), "the repository's prebuild");

        await StartsFromAsync(engine, after, "r-1");
        Assert.Equal(1, RunCount());
    }
}
