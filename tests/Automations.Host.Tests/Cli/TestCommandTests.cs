using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Cli;

/// <summary><c>automations test</c>, the dry run, run as the real executable over real files and configuration.</summary>
public sealed class TestCommandTests : IDisposable
{
    private static readonly Dictionary<string, string?> Demo = new() { ["Automations__Agents__demo__Kind"] = "command" };

    private static readonly string Payload = Path.Combine(AppContext.BaseDirectory, "Payloads", "github", "issues-labeled.json");

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Test_DryRun_ShowsMatchesWithRenderedInstructionsAndWhyOthersDidNot()
    {
        _setup.AutofixDefinition();
        _setup.Definition("docs.yaml", """
            name: docs-only
            on:
              - github: { event: issues.labeled, where: { payload.label.name: docs } }
            repository: acme/web
            agent: { use: demo }
            instructions: x
            """);

        var (exitCode, output, _) = await CommandLine.RunAsync(
            _setup.DataDir, Demo, "test", "--source", "github", "--event", "issues.labeled", "--payload", Payload, "--automations", _setup.AutomationsDir);

        Assert.Equal(0, exitCode);
        Assert.Contains("event: github.issues.labeled", output, StringComparison.Ordinal);
        Assert.Contains("match: autofix", output, StringComparison.Ordinal);
        Assert.Contains("    | Fix issue #1347: <untrusted-data source=\"github\" author=\"maria-dev\" field=\"event.subject.title\">Login button does nothing on <Safari> & Firefox</untrusted-data>", output, StringComparison.Ordinal);
        Assert.Contains("repository: acme/web", output, StringComparison.Ordinal);
        Assert.Contains("no match: docs-only: payload.label.name is 'autofix', wanted 'docs'", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_setup.DataDir));
    }

    [Fact]
    public async Task Expect_WhatWouldStart_PassesAndSaysSo_AndEachDifferenceFailsWithItsReason()
    {
        _setup.AutofixDefinition();
        _setup.Definition("docs.yaml", """
            name: docs-only
            on:
              - github: { event: issues.labeled, where: { payload.label.name: docs } }
            repository: acme/web
            agent: { use: demo }
            instructions: x
            """);
        string[] dryRun = ["test", "--source", "github", "--event", "issues.labeled", "--payload", Payload, "--automations", _setup.AutomationsDir];

        var met = await CommandLine.RunAsync(_setup.DataDir, Demo, [.. dryRun, "--expect", "autofix"]);
        var missed = await CommandLine.RunAsync(_setup.DataDir, Demo, [.. dryRun, "--expect", "docs-only", "--expect", "nosuch"]);
        var none = await CommandLine.RunAsync(_setup.DataDir, Demo, [.. dryRun, "--expect", "none"]);

        Assert.Equal(0, met.ExitCode);
        Assert.Contains("expectation met: autofix would start", met.Output, StringComparison.Ordinal);
        Assert.Equal(1, missed.ExitCode);
        Assert.Contains("expectation failed: docs-only would not start (no match: payload.label.name is 'autofix', wanted 'docs')", missed.Output, StringComparison.Ordinal);
        Assert.Contains("expectation failed: there is no automation named nosuch", missed.Output, StringComparison.Ordinal);
        Assert.Contains("expectation failed: autofix would start, and was not expected", missed.Output, StringComparison.Ordinal);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("expectation failed: autofix would start, and was not expected", none.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAndTest_OnTheExamples_PassAndMatch()
    {
        var root = CommandLine.RepositoryRoot();

        var validate = await CommandLine.RunAsync(root, null, "validate", "examples/automations");
        var test = await CommandLine.RunAsync(
            root, null, "test", "--source", "github", "--event", "issues.labeled", "--payload", "examples/payloads/issues-labeled.json", "--automations", "examples/automations");

        Assert.Equal(0, validate.ExitCode);
        Assert.Equal(0, test.ExitCode);
        Assert.Contains("match: fix-typo", test.Output, StringComparison.Ordinal);
        Assert.Contains("    | Fix issue #7 in acme/demo: <untrusted-data source=\"github\" author=\"octo-reporter\" field=\"event.subject.title\">Spelling mistakes in the README and the greeting</untrusted-data>", test.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_TheLinearAgentExample_MatchesADelegatedIssue_AndItsPromptHoldsLinearsRequestFenced()
    {
        var root = CommandLine.RepositoryRoot();

        var test = await CommandLine.RunAsync(
            root, null, "test", "--source", "linear", "--event", "AgentSessionEvent", "--payload", "examples/payloads/linear-agent-session-created.json", "--automations", "examples/automations");

        Assert.Equal(0, test.ExitCode);
        Assert.Contains("match: linear-agent", test.Output, StringComparison.Ordinal);
        Assert.Contains("field=\"event.payload.promptContext\">", test.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_Prompt_IsWhatTheRunnerGivesTheAgentFencingIncluded()
    {
        _setup.AutofixDefinition();
        var (_, dryRun, _) = await CommandLine.RunAsync(
            _setup.DataDir, Demo, "test", "--source", "github", "--event", "issues.labeled", "--payload", Payload, "--automations", _setup.AutomationsDir);
        var shown = string.Join("\n", dryRun.Split('\n').SkipWhile(l => l != "  prompt, as the agent gets it:").Skip(1).TakeWhile(l => l.StartsWith("    | ", StringComparison.Ordinal)).Select(l => l[6..]));
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true")));
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", "prompt-1", body, EngineSetup.Sign(body));
        var sessionId = (await engine.GetJsonAsync("/api/sessions"))[0].GetProperty("id").GetString()!;

        await engine.WaitForSessionAsync(sessionId, s => s.GetProperty("status").GetString() is not ("queued" or "spawning"));
        var events = await engine.GetJsonAsync($"/api/sessions/{sessionId}/events");
        var given = events.EnumerateArray().First(e => e.GetProperty("type").GetString() == "prompt").GetProperty("data").GetProperty("text").GetString()!;

        Assert.Contains("<untrusted-data source=\"github\" author=\"maria-dev\" field=\"event.subject.title\">", shown, StringComparison.Ordinal);
        Assert.Equal(given.TrimEnd(), shown);
    }

    [Fact]
    public async Task Test_WithABrokenFile_ReportsItAndStillMatchesTheOthers()
    {
        _setup.AutofixDefinition();
        _setup.Definition("broken.yaml", "name: broken\non:\n  - github: { event: issues.labeled\nrepository: acme/web\n");

        var (exitCode, output, _) = await CommandLine.RunAsync(
            _setup.DataDir, Demo, "test", "--source", "github", "--event", "issues.labeled", "--payload", Payload, "--automations", _setup.AutomationsDir);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"problem: .*broken\.yaml:3:\d+: malformed YAML", output);
        Assert.Contains("match: autofix", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_WithoutAutomationsOption_ReadsTheFolderAndAgentsThatAppSettingsNames()
    {
        var app = _setup.Combine("app");
        Directory.CreateDirectory(Path.Combine(app, "defs"));
        await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), """{ "Automations": { "DefinitionsPath": "./defs", "Agents": { "demo": { "Kind": "command" } } } }""");
        await File.WriteAllTextAsync(Path.Combine(app, "defs", "a.yaml"), "on:\n  - github: { event: issues.labeled }\nrepository: acme/web\nagent: { use: demo }\ninstructions: x\n");

        var (exitCode, output, error) = await CommandLine.RunAsync(app, null, "test", "--source", "github", "--event", "issues.labeled", "--payload", Payload);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("match: a (", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_NoDefinitionFiles_FailsInOneLine()
    {
        var (exitCode, _, error) = await CommandLine.RunAsync(
            _setup.DataDir, Demo, "test", "--source", "github", "--event", "issues.labeled", "--payload", Payload, "--automations", _setup.AutomationsDir);

        Assert.Equal(1, exitCode);
        Assert.Equal($"test: nothing to test: no definition files (*.yaml, *.yml) in {_setup.AutomationsDir}", error.Trim());
    }

    [Fact]
    public async Task Test_NoValidAutomation_FailsInOneLineAfterTheProblems()
    {
        _setup.AutofixDefinition(agent: "nosuchagent");

        var (exitCode, output, error) = await CommandLine.RunAsync(
            _setup.DataDir, Demo, "test", "--source", "github", "--event", "issues.labeled", "--payload", Payload, "--automations", _setup.AutomationsDir);

        Assert.Equal(1, exitCode);
        Assert.Contains("agent 'nosuchagent' is not configured; configured: demo", output, StringComparison.Ordinal);
        Assert.Equal($"test: nothing to test: no valid automation in {_setup.AutomationsDir} (problems above)", error.Trim());
    }

    [Fact]
    public async Task Test_NoFolderOrNoPayload_FailsInOneLine()
    {
        _setup.AutofixDefinition();
        var missing = _setup.Combine("missing");

        var noFolder = await CommandLine.RunAsync(_setup.DataDir, Demo, "test", "--source", "github", "--event", "issues.labeled", "--payload", Payload, "--automations", missing);
        var noPayload = await CommandLine.RunAsync(_setup.DataDir, Demo, "test", "--source", "github", "--automations", _setup.AutomationsDir);

        Assert.Equal(1, noFolder.ExitCode);
        Assert.Equal($"test: nothing to test: {missing}: no such file or folder", noFolder.Error.Trim());
        Assert.Equal(2, noPayload.ExitCode);
        Assert.Equal("", noPayload.Output);
        Assert.Equal("test: nothing to test: give the delivery as the provider sends it, with --event, --payload (such as --source github --event issues.labeled --payload issue.json)", noPayload.Error.Trim());
    }
}
