using Automations.Testing;

namespace Automations.Host.Tests.Functions;

/// <summary><c>automations functions</c> started wrongly: it says why and exits, before the host waits on it.</summary>
public sealed class FunctionsCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new("functions-cli");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(null, 2, "FUNCTIONS_CUSTOMHANDLER_PORT is not set; the Functions host sets it")]
    [InlineData("seventy", 2, "FUNCTIONS_CUSTOMHANDLER_PORT='seventy' is not a port")]
    [InlineData("70000", 2, "FUNCTIONS_CUSTOMHANDLER_PORT='70000' is not a port")]
    public async Task Functions_WithoutAUsablePort_ExitsWithTheReason(string? port, int exitCode, string message)
    {
        var (code, output) = await FunctionsHandlerProcess.RunAsync(
            _directory.Path,
            new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port, ["FUNCTIONS_HTTPWORKER_PORT"] = null, ["Automations__Api__Keys__0"] = "k" },
            "functions");

        Assert.Equal(exitCode, code);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Functions_WithoutAnApiKey_RefusesToStartAndGeneratesNone()
    {
        var (code, output) = await FunctionsHandlerProcess.RunAsync(
            _directory.Path,
            new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7072", ["Automations__Api__Keys__0"] = null, ["Automations__DataDir"] = _directory.Combine("data") },
            "functions");

        Assert.Equal(1, code);
        Assert.Contains("Automations:Api:Keys:0 is required in functions mode", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("data", "api-key")));
    }

    [Fact]
    public async Task Functions_UnresolvedKeyVaultReferences_RefusesToStartAndNamesThem()
    {
        // App Service passes a reference it could not resolve as its own text: as an API key or a webhook
        // secret, that text could be written by anyone who knows the vault's name.
        var (code, output) = await FunctionsHandlerProcess.RunAsync(
            _directory.Path,
            new Dictionary<string, string?>
            {
                ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7072",
                ["Automations__DataDir"] = _directory.Combine("data"),
                ["Automations__Api__Keys__0"] = "@Microsoft.KeyVault(VaultName=kvacme;SecretName=api-key)",
                ["Automations__Store__Provider"] = "postgres",
                ["Automations__Store__ConnectionString"] = "@Microsoft.KeyVault(VaultName=kvacme;SecretName=postgres-connection-string)",
                ["AUTOMATIONS_DEPLOY_CHECK_SECRET"] = "@Microsoft.KeyVault(SecretUri=https://kvacme.vault.azure.net/secrets/deploy-check-secret)",
            },
            "functions");

        Assert.Equal(1, code);
        Assert.Contains(
            "cannot start: these settings are Key Vault references that the platform did not resolve: AUTOMATIONS_DEPLOY_CHECK_SECRET, Automations:Api:Keys:0, Automations:Store:ConnectionString.",
            output,
            StringComparison.Ordinal);
        Assert.DoesNotContain("PostgreSQL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Functions_UnreachablePostgres_RefusesToStartWithTheReasonAndNoPassword()
    {
        var (code, output) = await FunctionsHandlerProcess.RunAsync(
            _directory.Path,
            new Dictionary<string, string?>
            {
                ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7072",
                ["Automations__Api__Keys__0"] = "k",
                ["Automations__Store__Provider"] = "postgres",
                ["Automations__Store__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=automations;Username=u;Password=hunter2-secret;Timeout=2",
            },
            "functions");

        Assert.Equal(1, code);
        Assert.Contains("cannot start: Cannot open the PostgreSQL store at", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", output, StringComparison.Ordinal);
    }
}
