using Automations.Host.Configuration;
using Automations.Host.Prebuilds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Automations.Host.Tests.Cli;

/// <summary>
/// Every section's settings are checked by the annotations on its class, however deep the section: a bad
/// value fails with its configuration path and the rule it breaks, and all of them are told at once.
/// </summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Automations:Worker:Concurrency", "0", "Automations:Worker:Concurrency must be between 1 and 256.")]
    [InlineData("Automations:Worker:PollInterval", "00:00:00", "Automations:Worker:PollInterval must be positive.")]
    [InlineData("Automations:Queue:MaxAttempts", "101", "Automations:Queue:MaxAttempts must be between 1 and 100.")]
    [InlineData("Automations:Queue:RetryMaxDelay", "00:00:01", "Automations:Queue:RetryMaxDelay must be at least RetryBaseDelay.")]
    [InlineData("Automations:Sources:Slack:TimestampWindow", "00:00:00", "Automations:Sources:Slack:TimestampWindow must be positive.")]
    [InlineData("Automations:Store:Provider", "postgress", "Automations:Store:Provider must be 'sqlite' or 'postgres'.")]
    [InlineData("Automations:Store:Provider", "postgres", "Automations:Store:ConnectionString is required with Automations:Store:Provider=postgres")]
    [InlineData("Automations:Functions:MaxDeliveryCount", "0", "Automations:Functions:MaxDeliveryCount must be between 1 and 2000")]
    [InlineData("Automations:Scheduler:TickInterval", "00:01:00", "Automations:Scheduler:TickInterval must be between 0 and 30 seconds.")]
    [InlineData("Automations:Checks:Deliveries", "0", "Automations:Checks:Deliveries must be between 1 and 5000.")]
    [InlineData("Automations:Checks:Lease", "00:00:00", "Automations:Checks:Lease must be between a second and an hour.")]
    [InlineData("Automations:Repositories:0:Repository", "web", "Automations:Repositories:0:Repository 'web' is neither owner/name nor a git URL")]
    [InlineData("Automations:Repositories:0:Branch", "main", "Automations:Repositories:0:Repository is required: owner/name or a git URL.")]
    [InlineData("Automations:RepositoryDefinitions:RefreshInterval", "00:00:00", "Automations:RepositoryDefinitions:RefreshInterval must be at least 1 second.")]
    [InlineData("Automations:RepositoryDefinitions:FromApp", "true", "Automations:RepositoryDefinitions:FromApp connects the repositories a GitHub App is installed on: set Automations:GitHub:AppId and :PrivateKeyPath.")]
    [InlineData("Automations:RepositoryDefinitions:Exclude:0", "secret", "Automations:RepositoryDefinitions:Exclude 'secret' is not owner/name.")]
    public void BadSetting_IsNamedByItsPath(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve((key, value)));

        Assert.Contains(failure.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void TwoBadSettings_AreBothTold()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(("Automations:Worker:Concurrency", "0"), ("Automations:Ingest:MaxBodyBytes", "10")));

        Assert.Contains("Automations:Worker:Concurrency must be between 1 and 256.", failure.Failures);
        Assert.Contains("Automations:Ingest:MaxBodyBytes must be at least 1024.", failure.Failures);
    }

    [Fact]
    public void ConnectedRepositories_AreBoundByIndex_AndEachProblemNamesItsEntry()
    {
        var options = Resolve(("Automations:Repositories:0:Repository", "acme/web"), ("Automations:Repositories:1:Repository", "https://git.example.com/acme/api.git"), ("Automations:Repositories:1:AllowTargets:0", "acme/web"));
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(
            ("Automations:Repositories:0:Repository", "acme/web"),
            ("Automations:Repositories:1:Repository", "https://git.example.com/acme/web.git"),
            ("Automations:Repositories:1:Branch", "bad..branch"),
            ("Automations:Repositories:1:AllowTargets:0", "api")));

        Assert.Equal(["acme/web", "https://git.example.com/acme/api.git"], options.Repositories.Entries.Values.Select(e => e.Repository));
        Assert.Equal("acme/api", options.Repositories.Entries[1].Scope("x").Repository);
        Assert.Contains("Automations:Repositories:1:Repository 'acme/web' is connected twice: also as Automations:Repositories:0.", failure.Failures);
        Assert.Contains("Automations:Repositories:1:Branch 'bad..branch' is no branch name: it holds '..' or '@{'.", failure.Failures);
        Assert.Contains("Automations:Repositories:1:AllowTargets 'api' is not owner/name.", failure.Failures);
    }

    [Fact]
    public void RepositoryPrebuilds_AreCheckedAtStart_AndKeyedByTheUrlTheirSessionsCloneFrom()
    {
        var options = Resolve(
            ("Automations:GitHub:GitUrl", "https://git.example.com"),
            ("Automations:Repositories:0:Repository", "acme/web"),
            ("Automations:Repositories:0:Prebuild:Commands:0", "npm ci"),
            ("Automations:Repositories:0:Prebuild:Paths:0", "node_modules/"),
            ("Automations:Repositories:1:Repository", "acme/api"));
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(
            ("Automations:Repositories:0:Repository", "acme/web"),
            ("Automations:Repositories:0:Prebuild:Paths:0", "../up"),
            ("Automations:Repositories:1:Repository", "acme/api"),
            ("Automations:Repositories:1:Prebuild:Commands:0", " "),
            ("Automations:Repositories:2:Repository", "acme/docs"),
            ("Automations:Repositories:2:Prebuild:Commands:0", "make"),
            ("Automations:Repositories:2:Prebuild:Paths:0", ".git/hooks")));

        var prebuild = Assert.Single(PrebuildsServiceCollectionExtensions.RepositoryPrebuilds(options));
        Assert.Equal("https://git.example.com/acme/web.git", prebuild.Key);
        Assert.Equal(["npm ci"], prebuild.Value.Commands);
        Assert.Equal(["node_modules"], prebuild.Value.Paths);
        const string Required = "is required: the shell commands whose result sessions start from, such as Commands:0=npm ci.";
        Assert.Contains($"Automations:Repositories:0:Prebuild:Commands {Required}", failure.Failures);
        Assert.Contains("Automations:Repositories:0:Prebuild:Paths '../up' may not hold '.' or '..'.", failure.Failures);
        Assert.Contains($"Automations:Repositories:1:Prebuild:Commands {Required}", failure.Failures);
        Assert.Contains("Automations:Repositories:2:Prebuild:Paths '.git/hooks' may not be in .git.", failure.Failures);
        Assert.Equal(4, failure.Failures.Count(f => f.Contains(":Prebuild:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Defaults_AreValid()
    {
        var options = Resolve();

        Assert.Equal(2, options.Worker.Concurrency);
    }

    private static AutomationsOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        using var services = new ServiceCollection().AddLogging().AddAutomations(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<AutomationsOptions>>().Value;
    }
}
