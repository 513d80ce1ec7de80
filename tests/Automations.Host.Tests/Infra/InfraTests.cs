using Automations.Host.Tests.Cli;
using Automations.Host.Functions;

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
    public void MainBicep_QueueConnectionAndSecrets_AreWhatTheHandlerUses()
    {
        // The template without its comments (the usage line names the password parameter).
        var bicep = string.Join('\n', File.ReadAllLines(Path.Combine(CommandLine.RepositoryRoot(), "infra", "main.bicep")).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));

        Assert.Contains($"var queueName = '{FunctionDefinition.Queue}'", bicep, StringComparison.Ordinal);
        Assert.Contains($"{FunctionDefinition.Connection}__fullyQualifiedNamespace:", bicep, StringComparison.Ordinal);
        Assert.Contains("Automations__Functions__MaxDeliveryCount: string(maxDeliveryCount)", bicep, StringComparison.Ordinal);
        Assert.Contains("maxDeliveryCount: maxDeliveryCount", bicep, StringComparison.Ordinal);

        // Secrets reach the app as Key Vault references only: no secret-looking setting has a literal value.
        Assert.Contains("'@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${s.value})'", bicep, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", bicep.Replace("Password=${postgresAdminPassword}", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("SharedAccessKey", bicep, StringComparison.Ordinal);
    }
}
