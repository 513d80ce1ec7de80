using System.Security.Cryptography;
using System.Text;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Everything an end-to-end run needs on disk: a data directory, an automations folder, a folder of bare
/// git repositories standing in for the git host (<c>acme/web.git</c>), and agent scripts.
/// </summary>
public sealed class EngineSetup : IDisposable
{
    public const string Secret = "e2e-webhook-secret";

    private readonly TempDirectory _root = new("e2e");

    public EngineSetup()
    {
        Directory.CreateDirectory(DataDir);
        Directory.CreateDirectory(AutomationsDir);
        Directory.CreateDirectory(Path.Combine(GitRoot, "acme"));

        // Where agents and the test meet: the agent's sandbox may write only here besides its workspace.
        Directory.CreateDirectory(SharedDir);
        File.SetUnixFileMode(SharedDir, (UnixFileMode)0x1FF);
        GitRepository.CreateBare(Remote, new Dictionary<string, string> { ["README.md"] = "# web\n" });
    }

    public string DataDir => _root.Combine("data");

    public string AutomationsDir => _root.Combine("automations");

    public string GitRoot => _root.Combine("git");

    /// <summary>A folder the agent <c>demo</c> may write from its sandbox (<c>WritablePaths</c>): what it leaves there, tests read.</summary>
    public string SharedDir => _root.Combine("shared");

    public string Shared(string name) => Path.Combine(SharedDir, name);

    public string Remote => Path.Combine(GitRoot, "acme", "web.git");

    public string Combine(params string[] parts) => _root.Combine(parts);

    public static byte[] Payload(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", "github", name));

    /// <summary>A payload padded with trailing spaces (the same JSON) to exactly <paramref name="length"/> bytes.</summary>
    public static byte[] Padded(string name, int length)
    {
        var body = Payload(name);
        return [.. body, .. Enumerable.Repeat((byte)' ', length - body.Length)];
    }

    public static string Sign(byte[] body, string secret = Secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Writes an agent script and returns its path.</summary>
    public string Agent(string name, string body) => Scripts.Write(_root.Combine(name + ".sh"), body);

    public void Definition(string file, string yaml) => File.WriteAllText(Path.Combine(AutomationsDir, file), yaml);

    /// <summary>A definition for <c>issues.labeled</c> with label <c>autofix</c>, run by agent <paramref name="agent"/>.</summary>
    public void AutofixDefinition(string name = "autofix", string agent = "demo", string timeout = "5m") => Definition($"{name}.yaml", $$$"""
        name: {{{name}}}
        description: Fix labelled issues
        on:
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
        repository: "{{ event.repository }}"
        base: main
        agent: { use: {{{agent}}}, timeout: {{{timeout}}} }
        instructions: |
          Fix issue #{{ event.subject.number }}: {{ event.subject.title }}
          Reported by {{ event.actor }}.
        """);

    /// <summary>A definition for Sentry's new issues, acting on <c>acme/web</c>.</summary>
    public void SentryAutofixDefinition() => Definition("sentry.yaml", """
        name: sentry-autofix
        on:
          - sentry: { resource: issue, action: created }
        repository: acme/web
        agent: { use: demo }
        instructions: "Fix {{ event.subject.title }}"
        """);

    /// <summary>One definition that every source's deliveries match: GitHub issues, Sentry issues, Linear issues, Slack mentions and the <c>deploys</c> webhook.</summary>
    public void AllSourcesDefinition() => Definition("all.yaml", """
        name: all-sources
        on:
          - github: { event: issues }
          - sentry: { resource: issue }
          - linear: { event: Issue }
          - slack: { event: app_mention }
          - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }
        repository: acme/web
        agent: { use: demo }
        instructions: x
        """);

    /// <summary>What <see cref="StoppableAgent"/> prints once it has marked its first run and started its children.</summary>
    public const string StoppableAgentWorking = "working hard";

    /// <summary>An agent that, the first time, works until it is stopped (with two children of its own); resumed, it writes RESUMED.md and ends.
    /// Stop it only after it printed <see cref="StoppableAgentWorking"/>: stopped sooner, it has not marked its first run, and its resume works again.</summary>
    public string StoppableAgent() => Agent("agent", """
        if [ -f "$HOME/stopped-once" ]; then
          echo resumed > RESUMED.md
          exit 0
        fi
        touch "$HOME/stopped-once"
        sleep 600 &
        sleep 600 &
        echo "working hard"
        wait
        """);

    /// <summary>The engine's configuration for this setup, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string> Settings(string agentScript, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Automations:Sources:GitHub:WebhookSecret"] = Secret,
            ["Automations:GitHub:GitUrl"] = GitRoot,
            ["Automations:Agents:demo:Kind"] = "command",
            ["Automations:Agents:demo:Command"] = agentScript,
            ["Automations:Agents:demo:WritablePaths:0"] = SharedDir,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public Task<EngineProcess> StartAsync(IReadOnlyDictionary<string, string> settings, bool configureApiKey = true) =>
        EngineProcess.StartAsync(DataDir, AutomationsDir, settings, configureApiKey);

    public void Dispose() => _root.Dispose();
}
