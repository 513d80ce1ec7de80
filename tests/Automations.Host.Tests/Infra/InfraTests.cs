using System.Diagnostics;
using Automations.Host.Functions;

namespace Automations.Host.Tests.Infra;

/// <summary>The Azure deployment in <c>infra/</c>: it builds against Azure's schemas, and it names what the handler uses.</summary>
public sealed class InfraTests
{
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Automations.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: no Automations.sln above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task MainBicep_BuildsAndLintsWithoutWarnings()
    {
        var startInfo = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot() };
        startInfo.ArgumentList.Add("scripts/check-infra.sh");

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await stdout + await stderr);
    }

    [Fact]
    public void MainBicep_QueueConnectionAndSecrets_AreWhatTheHandlerUses()
    {
        // The template without its comments (the usage line names the password parameter).
        var bicep = string.Join('\n', File.ReadAllLines(Path.Combine(RepositoryRoot(), "infra", "main.bicep")).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));

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
