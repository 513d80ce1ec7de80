using System.Text.Json;
using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Cli;

/// <summary><c>automations sessions</c> against the real engine: list, show, follow a live session while it is stopped, resume.</summary>
public sealed class SessionsCommandTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Sessions_ListShowFollowStopResume_AgainstTheEngine()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "sleep 30")));
        using var delivered = await engine.PostGitHubAsync("issues", "cli-sessions", EngineSetup.Payload("issues-labeled.json"), EngineSetup.Sign(EngineSetup.Payload("issues-labeled.json")));
        var id = JsonDocument.Parse(await delivered.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
        await engine.WaitForSessionAsync(id, s => s.GetProperty("status").GetString() == "working");
        var url = engine.BaseAddress.ToString();
        var withKey = new Dictionary<string, string?> { ["AUTOMATIONS_API_KEY"] = EngineProcess.ApiKey };

        var list = await CommandLine.RunAsync(_setup.DataDir, withKey, "sessions", "list", "--url", url);
        var show = await CommandLine.RunAsync(_setup.DataDir, null, "sessions", "show", id, "--url", url, "--key", EngineProcess.ApiKey);
        var follow = CommandLine.RunAsync(_setup.DataDir, withKey, "sessions", "follow", id, "--url", url);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stop = await CommandLine.RunAsync(_setup.DataDir, withKey, "sessions", "stop", id, "--url", url);
        var followed = await follow;
        var resume = await CommandLine.RunAsync(_setup.DataDir, withKey, "sessions", "resume", id, "--url", url);

        Assert.Equal(0, list.ExitCode);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(list.Output.Trim(), $@"^{id}\s+working\s+autofix\s+acme/web\s+-$"), $"[{list.Output}] [{list.Error}]");
        Assert.Equal(0, show.ExitCode);
        Assert.Equal(id, JsonDocument.Parse(show.Output).RootElement.GetProperty("id").GetString());
        Assert.True(stop.ExitCode == 0, stop.Error);
        Assert.True(followed.ExitCode == 0, followed.Error);
        var events = followed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(1, events[0].GetProperty("seq").GetInt64());
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "status" && e.GetProperty("data").GetProperty("status").GetString() == "working");
        var last = events[^1];
        Assert.Equal("status", last.GetProperty("type").GetString());
        Assert.True(Core.Sessions.SessionStatus.IsTerminal(last.GetProperty("data").GetProperty("status").GetString()!), last.ToString());
        Assert.True(resume.ExitCode == 0, resume.Error);
        Assert.DoesNotContain(EngineProcess.ApiKey, list.Output + show.Output + followed.Output + stop.Output + resume.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_NoKeyOrNoEngine_IsOneLine()
    {
        var noKey = await CommandLine.RunAsync(_setup.DataDir, new Dictionary<string, string?> { ["AUTOMATIONS_API_KEY"] = null }, "sessions", "list", "--data-dir", _setup.DataDir);
        File.WriteAllText(Path.Combine(_setup.DataDir, "api-key"), "ak_generated\n");
        var noEngine = await CommandLine.RunAsync(_setup.DataDir, new Dictionary<string, string?> { ["AUTOMATIONS_API_KEY"] = null }, "sessions", "show", "x", "--data-dir", _setup.DataDir, "--url", "http://127.0.0.1:1");

        Assert.Equal(2, noKey.ExitCode);
        Assert.StartsWith("sessions: no API key: pass --key", noKey.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal(1, noEngine.ExitCode);
        Assert.Equal("sessions: no engine is listening at http://127.0.0.1:1: start one with 'automations serve', or pass --url", noEngine.Error.Trim());
    }
}
