using System.Net;
using System.Text;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// What the engine leaves on disk: after a session that used every provider, with every secret configured,
/// no file of the data directory (the database and its journal, mirrors, workspaces, agents' homes) holds
/// a secret, except <c>api-key</c>, which holds the generated API key for its owner alone.
/// </summary>
public sealed class SecretsOnDiskTests : IAsyncLifetime
{
    private const string AgentSecret = "sk-agent-own-secret-0123456789";
    private const string LinearKey = "lin_api_onDiskScan0123456789";
    private const string SentryToken = "sntrys_onDiskScan0123456789";

    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    [Fact]
    public async Task DataDirectory_AfterASessionWithEveryProvider_HoldsNoSecretButItsOwnApiKeyFile()
    {
        var settings = _fakes.AutofixSettings(RecordingAgent, [
            .. ProviderDeliveries.Secrets,
            ("Automations:Agents:demo:Env:AGENT_API_KEY", AgentSecret),
            ("Automations:Linear:ApiKey", LinearKey),
            ("Automations:Sentry:Token", SentryToken)]);
        await using var engine = await _fakes.Setup.StartAsync(settings, configureApiKey: false);
        var keyFile = Path.Combine(_fakes.Setup.DataDir, "api-key");
        var apiKey = (await File.ReadAllTextAsync(keyFile)).Trim();
        engine.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);

        var sessionId = await DeliverAsync(engine, "d-secrets");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && ActionDone(engine, sessionId, "comment"));
        var now = ProviderDeliveries.UnixNow();
        foreach (var request in new[]
        {
            ProviderDeliveries.Sentry("issue", """{"action":"created","data":{"issue":{"id":"42","title":"x"}}}"""u8.ToArray()),
            ProviderDeliveries.Linear("Issue", "lin-secrets", Encoding.UTF8.GetBytes($$$"""{"action":"create","type":"Issue","webhookTimestamp":{{{now * 1000}}},"data":{"id":"i1","title":"x"}}""")),
            ProviderDeliveries.Slack(Encoding.UTF8.GetBytes($$$"""{"type":"event_callback","event_id":"EvSecrets","event_time":{{{now}}},"event":{"type":"app_mention","user":"U1","ts":"1.1","text":"x"}}"""), now),
        })
        {
            using (request)
            using (var response = await engine.Http.SendAsync(request))
            {
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{request.RequestUri}: {response.StatusCode}");
            }
        }

        Assert.Equal(0, await engine.StopAsync(TimeSpan.FromSeconds(60)));

        var secrets = new Dictionary<string, string>
        {
            ["GitHub webhook secret"] = EngineSetup.Secret, ["GitHub token"] = GitHubToken, ["Slack bot token"] = SlackToken,
            ["Slack signing secret"] = ProviderDeliveries.SlackSecret, ["Sentry client secret"] = ProviderDeliveries.SentrySecret, ["Sentry token"] = SentryToken,
            ["Linear webhook secret"] = ProviderDeliveries.LinearSecret, ["Linear API key"] = LinearKey, ["custom webhook secret"] = ProviderDeliveries.HookSecret,
            ["agent's own secret"] = AgentSecret, ["API key"] = apiKey,
        };
        // Links hold no content of their own (the sandbox's copy of /etc keeps the host's links, which point into /usr).
        var found = Directory.EnumerateFiles(_fakes.Setup.DataDir, "*", SearchOption.AllDirectories)
            .Where(file => new FileInfo(file).LinkTarget is null)
            .SelectMany(file => secrets.Where(s => Contains(File.ReadAllBytes(file), s.Value)).Select(s => $"{s.Key} in {Path.GetRelativePath(_fakes.Setup.DataDir, file)}"))
            .ToList();

        Assert.Equal(["API key in api-key"], found);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(_fakes.Setup.DataDir, "workspaces"), "*", SearchOption.AllDirectories));
    }

    private static bool Contains(byte[] file, string secret) => file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0;
}
