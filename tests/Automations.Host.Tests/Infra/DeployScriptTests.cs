using System.IO.Compression;
using System.Text.Json.Nodes;
using Automations.Host.Tests.Cli;
using Automations.Testing;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// <c>scripts/azure-deploy.sh</c>, the one command that deploys, run for real with a stand-in for the Azure CLI:
/// the parameters it gives the template (secrets generated once, then kept from the vault), that no secret is on
/// a command line or printed, and the package it uploads (the app, the definitions, the deployment check).
/// </summary>
public sealed class DeployScriptTests : IDisposable
{
    private const string App = "acme-automations";
    private const string Vault = "kvacmeautomabcdefghijklm";
    private const string Deployer = "22222222-2222-2222-2222-222222222222";

    private readonly TempDirectory _directory = new("azure-deploy");

    public DeployScriptTests()
    {
        // A published app, as far as the script looks at it, and the user's definitions.
        Directory.CreateDirectory(_directory.Combine("publish"));
        File.WriteAllText(_directory.Combine("publish", "host.json"), "{}");
        File.WriteAllText(_directory.Combine("publish", "automations"), "the executable");
        Directory.CreateDirectory(_directory.Combine("definitions"));
        File.WriteAllText(_directory.Combine("definitions", "fix-typo.yaml"), "name: fix-typo\n");
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>The calls a deployment makes, with <paramref name="vault"/> being what an earlier one left.</summary>
    private static List<AzAnswer> Azure(string? groupLocation, string vault = "", string deleted = "", params AzAnswer[] more) =>
    [
        .. more,
        new("account show --query id -o tsv", "00000000-0000-0000-0000-000000000001"),
        new("group show -n automations --query location -o tsv", groupLocation ?? string.Empty, groupLocation is null ? 3 : 0),
        new("functionapp list-flexconsumption-locations --query [].name -o tsv", "westeurope\neastus"),
        new("group create -n automations -l westeurope -o none"),
        new("provider list --query * -o tsv", "Microsoft.Web\nMicrosoft.ServiceBus\nmicrosoft.keyvault\nMicrosoft.ManagedIdentity\nMicrosoft.OperationalInsights\nMicrosoft.Insights\nMicrosoft.Storage"),
        new("provider register -n Microsoft.DBforPostgreSQL --wait -o none"),
        new("account show --query user.type -o tsv", "user"),
        new("ad signed-in-user show --query id -o tsv", Deployer),
        new("keyvault list -g automations --query *", vault),
        new("keyvault list-deleted --resource-type vault --query *", deleted),
        new("deployment group create -g automations -n automations -f infra/main.bicep --parameters *", $"{App}\thttps://{App}.azurewebsites.net\t{Vault}\tacme-automations-pg-abcdefghijklm.postgres.database.azure.com"),
        new($"functionapp deployment source config-zip -g automations -n {App} --src *"),
        new($"functionapp restart -g automations -n {App} -o none"),
    ];

    private async Task<(int ExitCode, string Output)> DeployAsync(FakeAzureCli az, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["PATH"] = az.Bin + ":" + Environment.GetEnvironmentVariable("PATH") };
        var (exitCode, output, error) = await CommandLine.ExecAsync(
            "bash",
            CommandLine.RepositoryRoot(),
            variables,
            TimeSpan.FromMinutes(2),
            ["scripts/azure-deploy.sh", "-g", "automations", "-n", App, "--package", _directory.Combine("publish"), "-d", _directory.Combine("definitions"), .. arguments]);
        return (exitCode, output + error);
    }

    private static string Value(JsonObject parameters, string name) => parameters["parameters"]![name]!["value"]!.ToJsonString().Trim('"');

    [Fact]
    public async Task Deploy_FirstTime_GeneratesSecretsPassesThemInAFileAndUploadsAppDefinitionsAndCheck()
    {
        using var az = new FakeAzureCli(Azure(groupLocation: null));

        var (exitCode, output) = await DeployAsync(az, new Dictionary<string, string?> { ["Automations__GitHub__Token"] = "ghp_from-the-environment" }, "-l", "westeurope", "--secret", "Automations__GitHub__Token", "--setting", "Automations__PublicUrl=https://automations.acme.example");

        Assert.True(exitCode == 0, output + string.Join('\n', az.Calls));
        var parameters = az.Parameters!;
        Assert.Equal(App, Value(parameters, "name"));
        Assert.Matches("^[0-9a-f]{64}$", Value(parameters, "apiKey"));
        Assert.Matches("^[0-9a-f]{64}$", Value(parameters, "deployCheckSecret"));
        Assert.Matches("^Aa1-[0-9a-f]{32}$", Value(parameters, "postgresAdminPassword"));
        Assert.Equal(Deployer, Value(parameters, "deployerPrincipalId"));
        Assert.Equal("false", Value(parameters, "recoverKeyVault"));
        Assert.Equal("[\"Automations__GitHub__Token\"]", parameters["parameters"]!["secretSettings"]!["value"]!.ToJsonString());
        Assert.Equal("ghp_from-the-environment", Value(parameters, "secretValues").Split('"')[3]);
        Assert.Contains("\"Automations__PublicUrl\":\"https://automations.acme.example\"", parameters["parameters"]!["settings"]!.ToJsonString(), StringComparison.Ordinal);

        // No secret on a command line, nor in what the script prints.
        var secrets = new[] { Value(parameters, "apiKey"), Value(parameters, "deployCheckSecret"), Value(parameters, "postgresAdminPassword"), "ghp_from-the-environment" };
        Assert.All(secrets, s => Assert.DoesNotContain(az.Calls, c => c.Contains(s, StringComparison.Ordinal)));
        Assert.All(secrets, s => Assert.DoesNotContain(s, output, StringComparison.Ordinal));

        using var package = ZipFile.OpenRead(az.Package!);
        var files = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string> { "host.json", "automations", "definitions/fix-typo.yaml", "definitions/deploy-check.yaml", "definitions/deploy-check.git/HEAD" }, files);
        Assert.Contains(az.Calls, c => c.StartsWith($"functionapp restart -g automations -n {App}", StringComparison.Ordinal));
        Assert.Equal(["provider register -n Microsoft.DBforPostgreSQL --wait -o none"], az.Calls.Where(c => c.StartsWith("provider register", StringComparison.Ordinal)));
        Assert.Contains("scripts/azure-check.sh -g automations", output, StringComparison.Ordinal);
        Assert.Contains($"deployed {App} at https://{App}.azurewebsites.net (PostgreSQL: acme-automations-pg-abcdefghijklm.postgres.database.azure.com)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_Again_KeepsTheVaultsSecrets()
    {
        using var az = new FakeAzureCli(Azure(
            "westeurope",
            vault: Vault,
            more:
            [
                new($"keyvault secret show --vault-name {Vault} -n api-key --query value -o tsv", "existing-api-key"),
                new($"keyvault secret show --vault-name {Vault} -n deploy-check-secret --query value -o tsv", "existing-check-secret"),
                new($"keyvault secret show --vault-name {Vault} -n postgres-admin-password --query value -o tsv", "Existing-password-1"),
                new($"keyvault secret list --vault-name {Vault} --query *", "Automations__GitHub__Token\tsetting-automations--github--token"),
                new($"keyvault secret show --vault-name {Vault} -n setting-automations--github--token --query value -o tsv", "ghp_kept"),
            ]));

        var (exitCode, output) = await DeployAsync(az, null);

        Assert.True(exitCode == 0, output + string.Join('\n', az.Calls));
        var parameters = az.Parameters!;
        Assert.Equal("existing-api-key", Value(parameters, "apiKey"));
        Assert.Equal("existing-check-secret", Value(parameters, "deployCheckSecret"));
        Assert.Equal("Existing-password-1", Value(parameters, "postgresAdminPassword"));
        Assert.Equal("{\"Automations__GitHub__Token\":\"ghp_kept\"}", parameters["parameters"]!["secretValues"]!["value"]!.ToJsonString());
        Assert.DoesNotContain(az.Calls, c => c.StartsWith("group create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_VaultLeftSoftDeleted_RecoversIt()
    {
        using var az = new FakeAzureCli(Azure(groupLocation: null, deleted: Vault));

        var (exitCode, output) = await DeployAsync(az, null, "-l", "westeurope");

        Assert.True(exitCode == 0, output + string.Join('\n', az.Calls));
        Assert.Equal("true", Value(az.Parameters!, "recoverKeyVault"));
        Assert.Contains($"recovering the soft-deleted vault {Vault}", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme_bot", "is not 3-40 letters, digits and hyphens")]
    [InlineData("acme-", "is not 3-40 letters, digits and hyphens")]
    public async Task Deploy_NameOutsideTheRule_IsRefusedBeforeCallingAzure(string name, string reason)
    {
        using var az = new FakeAzureCli(Azure(groupLocation: null));

        var (exitCode, output, error) = await CommandLine.ExecAsync(
            "bash", CommandLine.RepositoryRoot(), new Dictionary<string, string?> { ["PATH"] = az.Bin + ":" + Environment.GetEnvironmentVariable("PATH") }, TimeSpan.FromMinutes(1),
            ["scripts/azure-deploy.sh", "-g", "automations", "-n", name, "-l", "westeurope"]);

        Assert.Equal(2, exitCode);
        Assert.Contains(reason, output + error, StringComparison.Ordinal);
        Assert.Empty(az.Calls);
    }

    [Fact]
    public async Task Deploy_RegionWithoutFlexConsumption_IsRefusedBeforeCreatingAnything()
    {
        using var az = new FakeAzureCli(Azure(groupLocation: null));

        var (exitCode, output) = await DeployAsync(az, null, "-l", "centralindia");

        Assert.Equal(1, exitCode);
        Assert.Contains("Flex Consumption is not offered in centralindia; regions that offer it: westeurope eastus", output, StringComparison.Ordinal);
        Assert.DoesNotContain(az.Calls, c => c.StartsWith("group create", StringComparison.Ordinal) || c.StartsWith("deployment", StringComparison.Ordinal));
    }
}
