using System.Diagnostics;
using Automations.Host.Tests.Cli;
using Automations.Host.Tests.EndToEnd;
using Automations.Host.Tests.Functions;
using Xunit.Abstractions;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// <c>scripts/azure-check.sh</c>, the one command that checks a deployed app, run for real against the real
/// handler behind a stand-in for the Functions host on 127.0.0.1: the app settings the template gives the app
/// (the check's agent), the check's definition and repository as the deployment ships them (infra/deploy-check),
/// and a stand-in for the Azure CLI that answers the deployment's outputs and the vault's secrets.
/// </summary>
public sealed class DeployCheckTests(ITestOutputHelper log) : FunctionsHandlerTests
{
    private const string CheckSecret = "0123456789abcdef0123456789abcdef0123456789abcdef";

    private async Task<FunctionsHostStandIn> StartAppAsync()
    {
        CopyDirectory(Path.Combine(CommandLine.RepositoryRoot(), "infra", "deploy-check"), Setup.AutomationsDir);

        // The settings the deployment gives the app, but for those that only mean something on Azure.
        var deployed = (await Bicep.SnapshotAsync(new DeploymentParameters())).AppSettings;
        var settings = deployed.Where(s => s.Key.StartsWith("Automations__Agents__", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        Assert.StartsWith("@Microsoft.KeyVault(", deployed["AUTOMATIONS_DEPLOY_CHECK_SECRET"], StringComparison.Ordinal);
        settings["AUTOMATIONS_DEPLOY_CHECK_SECRET"] = CheckSecret;
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, settings);
        return await FunctionsHostStandIn.StartAsync(Handler);
    }

    private static async Task<(int ExitCode, string Output, TimeSpan Took)> CheckAsync(FakeAzureCli az)
    {
        var clock = Stopwatch.StartNew();
        var (exitCode, output, error) = await CommandLine.ExecAsync(
            "bash",
            CommandLine.RepositoryRoot(),
            new Dictionary<string, string?> { ["PATH"] = az.Bin + ":" + Environment.GetEnvironmentVariable("PATH") },
            TimeSpan.FromMinutes(3),
            ["scripts/azure-check.sh", "-g", "automations", "--timeout", "120"]);
        return (exitCode, output + error, clock.Elapsed);
    }

    private static FakeAzureCli Azure(FunctionsHostStandIn host, string apiKey, string checkSecret) => FakeAzureCli.ForDeployment(
        new Dictionary<string, string> { ["url"] = host.Url.ToString(), ["keyVault"] = "kvacmeautomabcdefghijklm", ["functionApp"] = "acme-automations" },
        new Dictionary<string, string> { ["api-key"] = apiKey, ["deploy-check-secret"] = checkSecret });

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task Check_DeployedApp_SendsASignedDeliveryAndWaitsForTheSessionToBeDone()
    {
        await using var host = await StartAppAsync();
        using var az = Azure(host, FunctionsHandlerProcess.ApiKey, CheckSecret);

        var (exitCode, output, took) = await CheckAsync(az);
        log.WriteLine(output);

        Assert.True(exitCode == 0, output + "\nHandler:\n" + Handler!.Output);
        var delivery = Assert.Single(host.RequestsTo("POST", "/webhooks/custom/deploy-check"));
        Assert.StartsWith("v1,", delivery.Headers["webhook-signature"], StringComparison.Ordinal);
        var session = System.Text.RegularExpressions.Regex.Match(output, "session (\\S+), done").Groups[1].Value;
        Assert.True(session.Length > 0, output);
        Assert.NotEmpty(host.RequestsTo("GET", $"/api/sessions/{session}"));
        Assert.Contains("deployment check: the agent ran in", Handler.Output + output + await SessionEventsAsync(session), StringComparison.Ordinal);
        Assert.DoesNotContain(CheckSecret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(FunctionsHandlerProcess.ApiKey, output, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromMinutes(3), took.ToString());
    }

    [Fact]
    public async Task Check_AppHoldsAnotherCheckSecret_FailsSayingTheAppMustBeRestarted()
    {
        await using var host = await StartAppAsync();
        using var az = Azure(host, FunctionsHandlerProcess.ApiKey, "the-vault-has-a-newer-secret-than-the-app-holds");

        var (exitCode, output, _) = await CheckAsync(az);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAILED: the app refused the signature", output, StringComparison.Ordinal);
        Assert.Contains("az functionapp restart -g automations -n acme-automations", output, StringComparison.Ordinal);
        Assert.Empty(host.RequestsTo("GET", "/api/sessions"));
    }

    [Fact]
    public async Task Check_AppHoldsAnotherApiKey_FailsBeforeSendingAnything()
    {
        await using var host = await StartAppAsync();
        using var az = Azure(host, "not-the-key-the-app-holds", CheckSecret);

        var (exitCode, output, _) = await CheckAsync(az);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAILED: /api refused the vault's API key", output, StringComparison.Ordinal);
        Assert.Empty(host.RequestsTo("POST", "/webhooks/custom/deploy-check"));
    }

    /// <summary>The session's events as the API lists them, as text.</summary>
    private async Task<string> SessionEventsAsync(string session)
    {
        return (await Handler!.ApiAsync("GET", $"/sessions/{session}/events")).Text;
    }
}
