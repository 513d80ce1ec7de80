using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Cli;

/// <summary><c>automations validate</c>, run as the real executable over real files and configuration.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private static readonly Dictionary<string, string?> Demo = new() { ["Automations__Agents__demo__Kind"] = "command" };

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Validate_BrokenFile_PrintsPositionAndExitsOne()
    {
        _setup.AutofixDefinition();
        _setup.Definition("bad.yaml", "name: bad\non:\n  - github: { event: issues.labeled }\nrepository: acme/web\nagent: { use: demo, timeout: soon }\ninstructions: x\n");

        var (exitCode, output, _) = await CommandLine.RunAsync(_setup.DataDir, Demo, "validate", _setup.AutomationsDir);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"bad\.yaml:5:\d+: .+", line);
    }

    [Fact]
    public async Task Validate_GoodFolder_ExitsZero()
    {
        _setup.AutofixDefinition();

        var (exitCode, output, error) = await CommandLine.RunAsync(_setup.DataDir, Demo, "validate", _setup.AutomationsDir);

        Assert.Equal(0, exitCode);
        Assert.Equal("", output.Trim());
        Assert.Contains("1 automation(s) valid, 0 problem(s)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github: { event: issue.labeled }", "claude", "Fix it.", "typo.yaml:3:22: unknown GitHub event 'issue' (did you mean 'issues.labeled'?)")]
    [InlineData("linear: { event: Issue.creat }", "claude", "Fix it.", "typo.yaml:3:22: unknown action 'creat' of Linear type 'Issue' (did you mean 'Issue.create'?); its actions are create, update, remove")]
    [InlineData("slack: { event: app_mentions }", "claude", "Fix it.", "typo.yaml:3:21: unknown Slack event type 'app_mentions' (did you mean 'app_mention'?)")]
    [InlineData("sentry: { resource: issue, action: createdd }", "claude", "Fix it.", "typo.yaml:3:40: unknown action 'createdd' of Sentry resource 'issue' (did you mean 'created'?); its actions are created, resolved, assigned, archived, unresolved")]
    [InlineData("github: { event: issues.labeled }", "nosuchagent", "Fix it.", "typo.yaml:5:15: agent 'nosuchagent' is not configured; configured: claude, codex")]
    [InlineData("github: { event: issues.labeled }", "cladue", "Fix it.", "typo.yaml:5:15: agent 'cladue' is not configured (did you mean 'claude'?); configured: claude, codex")]
    [InlineData("github: { event: issues.labeled }", "claude", "Fix {{ event.subjcet.title }}.", "typo.yaml:7:10: 'instructions': unknown template path 'event.subjcet.title' (did you mean 'event.subject.title'?)")]
    public async Task Validate_EachTypo_FailsNamingLineColumnAndSuggestion(string trigger, string agent, string instructions, string expected)
    {
        _setup.Definition("typo.yaml", $"name: typo\non:\n  - {trigger}\nrepository: acme/web\nagent: {{ use: {agent} }}\ninstructions: |\n  {instructions}\n");
        var agents = new Dictionary<string, string?> { ["Automations__Agents__claude__Kind"] = "claude-code", ["Automations__Agents__codex__Kind"] = "codex" };

        var (exitCode, output, error) = await CommandLine.RunAsync(_setup.DataDir, agents, "validate", _setup.AutomationsDir);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Path.Combine(_setup.AutomationsDir, expected), line);
        Assert.Contains("0 automation(s) valid, 1 problem(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_WithoutPath_ChecksTheFolderAndAgentsThatAppSettingsNames()
    {
        var app = _setup.Combine("app");
        Directory.CreateDirectory(Path.Combine(app, "defs"));
        Directory.CreateDirectory(Path.Combine(app, "other"));
        await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), """{ "Automations": { "DefinitionsPath": "./defs", "Agents": { "claude": { "Kind": "claude-code" } } } }""");
        await File.WriteAllTextAsync(Path.Combine(app, "defs", "a.yaml"), "repository: acme/web\nagent: { use: claude }\ninstructions: x\n");
        await File.WriteAllTextAsync(Path.Combine(app, "other", "b.yaml"), "repository: acme/web\nagent: { use: codex }\ninstructions: x\n");
        var otherFolder = new Dictionary<string, string?> { ["Automations__DefinitionsPath"] = "./other" };

        var fromFile = await CommandLine.RunAsync(app, null, "validate");
        var fromEnvironment = await CommandLine.RunAsync(app, otherFolder, "validate");
        var fromCommandLine = await CommandLine.RunAsync(app, otherFolder, "validate", "--Automations:Agents:codex:Kind=codex");

        Assert.Equal(0, fromFile.ExitCode);
        Assert.Contains($"1 automation(s) valid, 0 problem(s) in {Path.Combine(app, "defs")}.", fromFile.Error, StringComparison.Ordinal);
        Assert.Equal(1, fromEnvironment.ExitCode);
        Assert.Equal("./other/b.yaml:2:15: agent 'codex' is not configured; configured: claude", fromEnvironment.Output.Trim());
        Assert.True(fromCommandLine.ExitCode == 0, fromCommandLine.Output + fromCommandLine.Error);
    }

    [Fact]
    public async Task ValidateAndServe_TheSameConfiguration_ReportTheSameProblems()
    {
        _setup.AutofixDefinition();
        _setup.AutofixDefinition("other", agent: "nosuchagent");
        var settings = _setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false"));
        await using var engine = await _setup.StartAsync(settings);
        var served = (await engine.GetJsonAsync("/api/automations")).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToList();
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => (string?)s.Value);
        environment["Automations__DefinitionsPath"] = _setup.AutomationsDir;

        var (exitCode, output, _) = await CommandLine.RunAsync(_setup.DataDir, environment, "validate");

        Assert.Equal(1, exitCode);
        Assert.EndsWith("other.yaml:7:15: agent 'nosuchagent' is not configured; configured: demo", Assert.Single(served), StringComparison.Ordinal);
        Assert.Equal(served, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Validate_EmptyFolder_FailsInOneLine()
    {
        var (exitCode, output, error) = await CommandLine.RunAsync(_setup.DataDir, Demo, "validate", _setup.AutomationsDir);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"validate: no definition files (*.yaml, *.yml) in {_setup.AutomationsDir}", error.Trim());
    }
}
