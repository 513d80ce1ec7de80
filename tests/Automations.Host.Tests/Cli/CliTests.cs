using System.Net;
using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Send_ConfiguredSecret_PostsSignedDeliveryThatIsAccepted()
    {
        _setup.AutofixDefinition();
        var settings = _setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false"));
        await using var engine = await _setup.StartAsync(settings);
        var payload = Path.Combine(AppContext.BaseDirectory, "Payloads", "github", "issues-labeled.json");

        var (exitCode, output, _) = await CommandLine.RunAsync(
            _setup.DataDir,
            new Dictionary<string, string?> { ["Automations__Sources__GitHub__WebhookSecret"] = EngineSetup.Secret },
            "send", "--source", "github", "--event", "issues.labeled", "--payload", payload, "--url", $"{engine.BaseAddress}webhooks/github", "--delivery", "cli-1");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("202", output, StringComparison.Ordinal);
        var session = await engine.GetJsonAsync("/api/sessions");
        Assert.Equal("cli-1", session[0].GetProperty("trigger").GetProperty("deliveryId").GetString());
    }

    [Fact]
    public async Task Send_WrongSecret_Is401AndExitsOne()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false")));
        var payload = Path.Combine(AppContext.BaseDirectory, "Payloads", "github", "issues-labeled.json");

        var (exitCode, output, _) = await CommandLine.RunAsync(
            _setup.DataDir, null, "send", "--source", "github", "--event", "issues", "--payload", payload, "--url", $"{engine.BaseAddress}webhooks/github", "--secret", "wrong");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("401", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NoApiKeyConfigured_GeneratesOnePrintsItOnceAndKeepsIt()
    {
        var settings = _setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false"));
        string key;
        await using (var first = await _setup.StartAsync(settings, configureApiKey: false))
        {
            var keyFile = Path.Combine(_setup.DataDir, "api-key");
            Assert.True(File.Exists(keyFile));
            key = (await File.ReadAllTextAsync(keyFile)).Trim();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            await WaitForOutputAsync(first, key);
            Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(first, key));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(first, key + "x"));
        }

        await using var second = await _setup.StartAsync(settings, configureApiKey: false);
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(second, key));
        Assert.DoesNotContain(key, second.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> StatusWithKeyAsync(EngineProcess engine, string key)
    {
        using var client = new HttpClient { BaseAddress = engine.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var response = await client.GetAsync("/api/sessions");
        return response.StatusCode;
    }

    private static async Task WaitForOutputAsync(EngineProcess engine, string text)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!engine.Output.Contains(text, StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.Contains(text, engine.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadSetting_FailsTheStartWithTheSettingsName()
    {
        var (exitCode, output, error) = await CommandLine.RunAsync(
            _setup.DataDir,
            new Dictionary<string, string?> { ["Automations__Worker__Concurrency"] = "0" },
            "serve", "--urls", "http://127.0.0.1:0", "--data-dir", _setup.DataDir, "--automations", _setup.AutomationsDir);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Automations:Worker:Concurrency must be between 1 and 1024.", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PostgresWithoutConnectionString_FailsTheStartWithTheSettingsName()
    {
        var (exitCode, output, error) = await CommandLine.RunAsync(
            _setup.DataDir,
            new Dictionary<string, string?> { ["Automations__Store__Provider"] = "postgres" },
            "serve", "--urls", "http://127.0.0.1:0", "--data-dir", _setup.DataDir, "--automations", _setup.AutomationsDir);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Automations:Store:ConnectionString is required with Automations:Store:Provider=postgres", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Database=automations;Username=engine;Password=hunter2-secret;Timeout=5", "Cannot open the PostgreSQL store at 127.0.0.1:1, database 'automations', user 'engine'")]
    [InlineData("Host=127.0.0.1;Colour=blue;Password=hunter2-secret", "The PostgreSQL connection string cannot be read")]
    public async Task Serve_PostgresUnreachableOrUnreadable_FailsTheStartWithTheReasonAndNeverThePassword(string connectionString, string reason)
    {
        var (exitCode, output, error) = await CommandLine.RunAsync(
            _setup.DataDir,
            new Dictionary<string, string?> { ["Automations__Store__Provider"] = "postgres", ["Automations__Store__ConnectionString"] = connectionString },
            "serve", "--urls", "http://127.0.0.1:0", "--data-dir", _setup.DataDir, "--automations", _setup.AutomationsDir);

        Assert.Equal(1, exitCode);
        Assert.Contains("automations: cannot start: " + reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sentry", "issue.created", "Automations__Sources__Sentry__ClientSecret", """{"action":"created","data":{"issue":{"id":"42","title":"TypeError","level":"error","status":"unresolved"}},"actor":{"name":"Sentry"}}""")]
    [InlineData("linear", "Issue.create", "Automations__Sources__Linear__WebhookSecret", """{"action":"create","type":"Issue","webhookTimestamp":1,"data":{"id":"1","identifier":"ENG-1","title":"Broken","team":{"key":"ENG"}}}""")]
    [InlineData("slack", "app_mention", "Automations__Sources__Slack__SigningSecret", """{"type":"event_callback","event_id":"EvSEND1","event":{"type":"app_mention","user":"U1","text":"fix it","ts":"1.1"}}""")]
    [InlineData("webhook", "deploys", null, """{"id":"dep_1","environment":"production"}""")]
    public async Task Send_EachSource_IsSignedAsTheProviderSignsAndAccepted(string source, string eventName, string? secretVariable, string payload)
    {
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        _setup.Definition("all.yaml", """
            name: all-sources
            on:
              - sentry: { resource: issue, action: created }
              - linear: { event: Issue.create }
              - slack: { event: app_mention }
              - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }
            repository: acme/web
            agent: { use: demo }
            instructions: x
            """);
        var settings = _setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false"), ("DEPLOY_HOOK_SECRET", secret));
        if (secretVariable is not null)
        {
            settings[secretVariable.Replace("__", ":", StringComparison.Ordinal)] = secret;
        }

        await using var engine = await _setup.StartAsync(settings);
        var file = _setup.Combine($"{source}.json");
        await File.WriteAllTextAsync(file, payload);
        var environment = secretVariable is null ? null : new Dictionary<string, string?> { [secretVariable] = secret };
        string[] secretArgument = secretVariable is null ? ["--secret", secret] : [];

        var (exitCode, output, error) = await CommandLine.RunAsync(
            _setup.DataDir, environment, ["send", "--source", source, "--event", eventName, "--payload", file, "--url", engine.BaseAddress.ToString(), .. secretArgument]);

        Assert.True(exitCode == 0, output + error);
        Assert.StartsWith("202", output, StringComparison.Ordinal);
        Assert.Contains("all-sources", output, StringComparison.Ordinal);
    }
}
