using Automations.Host.Functions;
using Automations.Host.Tests.Cli;

namespace Automations.Host.Tests.Infra;

/// <summary>The Azure deployment in <c>infra/</c>: it builds against Azure's schemas, and it names what the handler uses.</summary>
public sealed class InfraTests
{
    [Fact]
    public async Task MainBicep_BuildsAndLintsWithoutWarnings()
    {
        var (exitCode, output, error) = await CommandLine.ExecAsync("bash", CommandLine.RepositoryRoot(), null, TimeSpan.FromMinutes(5), ["scripts/check-infra.sh"]);

        Assert.True(exitCode == 0, output + error);
    }

    [Fact]
    public async Task Deployment_QueueConnectionAndDeliveryCount_AreWhatTheHandlerUses()
    {
        var snapshot = await Bicep.SnapshotAsync(new DeploymentParameters());

        var bus = Assert.Single(snapshot.OfType("Microsoft.ServiceBus/namespaces"));
        var queue = Assert.Single(snapshot.OfType("Microsoft.ServiceBus/namespaces/queues"));
        var settings = snapshot.AppSettings;
        Assert.Equal(FunctionDefinition.Queue, Snapshot.OwnName(queue));
        Assert.Equal($"{(string)bus["name"]!}.servicebus.windows.net", settings[$"{FunctionDefinition.Connection}__fullyQualifiedNamespace"]);
        Assert.Equal("managedidentity", settings[$"{FunctionDefinition.Connection}__credential"]);
        Assert.Equal((int)queue["properties"]!["maxDeliveryCount"]!, int.Parse(settings["Automations__Functions__MaxDeliveryCount"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("postgres", settings["Automations__Store__Provider"]);
    }

    [Fact]
    public async Task Deployment_SecretLookingSettings_AreKeyVaultReferencesOnly()
    {
        var snapshot = await Bicep.SnapshotAsync(new DeploymentParameters
        {
            SecretSettings = new Dictionary<string, string> { ["Automations__GitHub__Token"] = "ghp_literal-token-value" },
        });

        var secretLooking = snapshot.AppSettings
            .Where(s => new[] { "Key", "Secret", "Token", "Password", "ConnectionString" }.Any(w => s.Key.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Where(s => s.Key != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            .ToList();
        Assert.Equal(4, secretLooking.Count);
        Assert.All(secretLooking, s => Assert.StartsWith("@Microsoft.KeyVault(", s.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(snapshot.AppSettings.Values, v => v.Contains("ghp_literal", StringComparison.Ordinal) || v.Contains("Password=", StringComparison.Ordinal));
    }
}
