using Automations.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Tests;

/// <summary>A bad setting fails the start with a message naming it, not the first call.</summary>
public sealed class OptionsValidationTests : IDisposable
{
    private readonly TempDirectory _directory = new("integration-options");

    public void Dispose() => _directory.Dispose();

    private static string StartFailure(Dictionary<string, string?> settings)
    {
        using var services = Integrations.Build(settings);
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        return string.Join('\n', error.Failures);
    }

    [Theory]
    [InlineData("Automations:GitHub:ApiUrl", "not a url", "Automations:GitHub:ApiUrl must be an absolute http or https URL.")]
    [InlineData("Automations:Slack:ApiUrl", "ftp://slack.example/api", "Automations:Slack:ApiUrl must be an absolute http or https URL.")]
    [InlineData("Automations:Linear:Retry:MaxRetries", "0", "Automations:Linear:Retry:MaxRetries must be between 1 and 20.")]
    [InlineData("Automations:Sentry:Retry:MaxWait", "00:00:00", "Automations:Sentry:Retry:MaxWait must be positive and at most 2 hours.")]
    [InlineData("Automations:GitHub:AppId", "12", "Automations:GitHub:AppId and PrivateKeyPath go together.")]
    public void Validate_BadSetting_FailsNamingIt(string key, string value, string expected)
    {
        Assert.Contains(expected, StartFailure(new Dictionary<string, string?> { [key] = value }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PrivateKeyThatIsNotAKey_FailsWithoutShowingTheFile()
    {
        var path = _directory.Combine("key.pem");
        File.WriteAllText(path, "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWJ1dC1icm9rZW4=\n-----END RSA PRIVATE KEY-----\n");

        var failure = StartFailure(new Dictionary<string, string?> { ["Automations:GitHub:AppId"] = "12", ["Automations:GitHub:PrivateKeyPath"] = path });

        Assert.Equal($"Automations:GitHub:PrivateKeyPath is not a PEM RSA private key: {path}", failure);
    }

    [Fact]
    public void Validate_MissingKeyFile_FailsNamingThePath()
    {
        var path = _directory.Combine("missing.pem");

        var failure = StartFailure(new Dictionary<string, string?> { ["Automations:GitHub:AppId"] = "12", ["Automations:GitHub:PrivateKeyPath"] = path });

        Assert.Equal($"Automations:GitHub:PrivateKeyPath names no file: {path}", failure);
    }

    [Fact]
    public void Validate_Defaults_Pass()
    {
        using var services = Integrations.Build(new Dictionary<string, string?>());

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("https://api.github.com", services.GetRequiredService<IOptions<Automations.Integrations.GitHub.GitHubClientOptions>>().Value.ApiUrl);
    }
}
