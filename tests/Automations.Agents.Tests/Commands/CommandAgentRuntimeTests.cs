using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Commands;

public sealed class CommandAgentRuntimeTests : IDisposable
{
    private readonly TempDirectory _directory = new("agent");

    public void Dispose() => _directory.Dispose();

    private AgentRun Run(string agent, TimeSpan? timeout = null, string prompt = "Fix the bug.")
    {
        var work = Directory.CreateDirectory(_directory.Combine("work")).FullName;
        return new AgentRun
        {
            SessionId = "s1",
            Agent = agent,
            WorkingDirectory = work,
            HomeDirectory = _directory.Combine("home"),
            SessionDirectory = _directory.Combine("session"),
            Prompt = prompt,
            Timeout = timeout ?? TimeSpan.FromMinutes(1),
        };
    }

    private AgentRuntime Runtime(string body, IDictionary<string, string>? env = null)
    {
        var script = Scripts.Write(_directory.Combine("agent.sh"), body);
        var options = new AgentOptions { Kind = "command", Command = script };
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            options.Env[key] = value;
        }

        return new AgentRuntime(new Dictionary<string, AgentOptions> { ["demo"] = options }, AgentRuntime.DefaultAdapters, TimeProvider.System, TestSandbox.Default(_directory.Path));
    }

    private static async Task<(AgentResult Result, List<AgentLog> Output)> RunAsync(AgentRuntime runtime, AgentRun run)
    {
        var output = new List<AgentLog>();
        var result = await runtime.RunAsync(run, (e, _) => { if (e is AgentLog log) { output.Add(log); } return ValueTask.CompletedTask; }, CancellationToken.None);
        return (result, output);
    }

    [Fact]
    public async Task RunAsync_Prompt_ArrivesOnStdinAndInPromptFile()
    {
        var runtime = Runtime("""
            read -r line
            echo "stdin: $line"
            echo "file: $(cat "$AUTOMATIONS_PROMPT_FILE")"
            echo "session: $AUTOMATIONS_SESSION_ID"
            echo "cwd: $(pwd)"
            echo "oops" >&2
            """);

        var (result, output) = await RunAsync(runtime, Run("demo"));

        Assert.Equal(AgentOutcome.Succeeded, result.Outcome);
        var stdout = output.Where(o => o.Stream == "stdout").Select(o => o.Text).ToList();
        Assert.Contains("stdin: Fix the bug.", stdout);
        Assert.Contains("file: Fix the bug.", stdout);
        Assert.Contains("session: s1", stdout);
        Assert.Contains($"cwd: {_directory.Combine("work")}", stdout);
        Assert.Contains(output, o => o is { Stream: "stderr", Text: "oops" });
    }

    [Fact]
    public async Task RunAsync_EngineSecrets_NeverReachTheAgent()
    {
        Environment.SetEnvironmentVariable("Automations__Sources__GitHub__WebhookSecret", "engine-secret-value");
        try
        {
            var runtime = Runtime("env", new Dictionary<string, string> { ["OWN_KEY"] = "given" });

            var (_, output) = await RunAsync(runtime, Run("demo"));

            var names = output.Select(o => o.Text.Split('=')[0]).ToHashSet();
            Assert.DoesNotContain(output, o => o.Text.Contains("engine-secret-value", StringComparison.Ordinal));
            Assert.Contains("OWN_KEY", names);
            Assert.Contains("HOME", names);
            Assert.Subset(new HashSet<string> { "PATH", "LANG", "HOME", "OWN_KEY", "AUTOMATIONS_SESSION_ID", "AUTOMATIONS_PROMPT_FILE", "AUTOMATIONS_QUESTION_FILE", "PWD", "SHLVL", "_", "OLDPWD" }, names);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Automations__Sources__GitHub__WebhookSecret", null);
        }
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_FailsWithExitCode()
    {
        var (result, _) = await RunAsync(Runtime("exit 3"), Run("demo"));

        Assert.Equal(AgentOutcome.Failed, result.Outcome);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("agent exited with code 3", result.Error);
    }

    [Fact]
    public async Task RunAsync_PastTimeout_KillsWholeProcessTree()
    {
        var marker = $"marker-{Guid.NewGuid():N}";
        var runtime = Runtime($"""
            sh -c 'sleep 300; echo {marker}' &
            (sleep 301 && echo {marker}) &
            echo started
            sleep 302
            """);

        var (result, output) = await RunAsync(runtime, Run("demo", TimeSpan.FromSeconds(1)));

        Assert.Equal(AgentOutcome.TimedOut, result.Outcome);
        Assert.Equal("agent timed out after 1s; its process tree was killed", result.Error);
        Assert.Contains(output, o => o.Text == "started");
        Assert.False(Scripts.AnyProcessWith(marker), "a child of the agent outlived its timeout");
        Assert.False(File.Exists(_directory.Combine("session", "agent.pid")));
    }

    [Fact]
    public async Task RunAsync_UnknownAgent_FailsWithReason()
    {
        var (result, _) = await RunAsync(Runtime("true"), Run("nope"));

        Assert.Equal(AgentOutcome.Failed, result.Outcome);
        Assert.Contains("no agent named 'nope'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Canceled_KillsAgent()
    {
        var marker = $"marker-{Guid.NewGuid():N}";
        var runtime = Runtime($"sh -c 'sleep 300; echo {marker}' & echo started; wait");
        using var cancel = new CancellationTokenSource();

        // Canceled once the agent says it started, not after a guess of how long that takes.
        var result = await runtime.RunAsync(Run("demo"), (e, _) => { if (e is AgentLog { Text: "started" }) { cancel.Cancel(); } return ValueTask.CompletedTask; }, cancel.Token);

        Assert.True(result.Outcome == AgentOutcome.Canceled, $"{result.Outcome} {result.ExitCode} {result.Error}");
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWith(marker), TimeSpan.FromSeconds(5), "the agent's child to be gone");
    }

    [Fact]
    public async Task QuestionFile_HoldingQuestionsWithChoices_IsAStructuredQuestion_AndMalformedJsonStaysText()
    {
        var structured = await AskAsync("""{"questions":[{"question":"Which browser?","header":"Browser","options":[{"label":"Firefox"},{"label":"Chromium"}],"multiSelect":true}]}""");
        var malformed = await AskAsync("""{"questions":[{"question":"Which browser?", "options": [""");

        var asked = Assert.Single(structured.Questions!);
        Assert.Equal(("Which browser?", true, "Chromium"), (asked.Question, asked.MultiSelect, asked.Options[1].Label));
        Assert.StartsWith("Browser: Which browser? (choose any)", structured.Text, StringComparison.Ordinal);
        Assert.Null(malformed.Questions);
        Assert.Equal("""{"questions":[{"question":"Which browser?", "options": [""", malformed.Text);
    }

    private async Task<AgentQuestion> AskAsync(string question)
    {
        var runtime = Runtime($"cat > \"$AUTOMATIONS_QUESTION_FILE\" <<'JSON'\n{question}\nJSON");
        var events = new List<AgentEvent>();
        var result = await runtime.RunAsync(Run("demo"), (e, _) => { events.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);
        Assert.Equal(AgentOutcome.Succeeded, result.Outcome);
        return Assert.Single(events.OfType<AgentQuestion>());
    }
}
