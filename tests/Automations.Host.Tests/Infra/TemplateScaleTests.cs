using System.Globalization;
using System.Text.RegularExpressions;
using Automations.Host.Functions;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// Scale: the instance cap is one Flex Consumption takes everywhere, and the PostgreSQL pool of every
/// instance the cap allows fits the server's connections, or the deployment is refused.
/// </summary>
public sealed partial class TemplateScaleTests
{
    /// <summary>Azure Database for PostgreSQL flexible server, "Limits": max_connections less the 15 Azure reserves.</summary>
    private static readonly Dictionary<string, int> UserConnections = new(StringComparer.Ordinal)
    {
        ["Standard_B1ms"] = 35,
        ["Standard_B2s"] = 414,
        ["Standard_D2ds_v5"] = 844,
        ["Standard_E4ds_v5"] = 3422,
    };

    [GeneratedRegex(@"Maximum Pool Size=(\d+)")]
    private static partial Regex PoolSize();

    /// <summary>
    /// Instances that may hold connections at once, from the function table: Flex Consumption scales the HTTP
    /// functions together and every other function on its own, each group up to the cap; a timer runs on one.
    /// </summary>
    private static int ConnectingInstances(int cap)
    {
        var http = FunctionTable.All.Any(f => f.Trigger == FunctionTrigger.Http) ? 1 : 0;
        var scaled = FunctionTable.All.Count(f => f.Trigger == FunctionTrigger.ServiceBus);
        var timers = FunctionTable.All.Count(f => f.Trigger == FunctionTrigger.Timer);
        return ((http + scaled) * cap) + timers;
    }

    [Fact]
    public async Task InstanceCap_IsAtLeast40_AndLowerIsRefused()
    {
        var parameter = (await Bicep.TemplateAsync())["parameters"]!["maximumInstanceCount"]!;
        var deployed = await Bicep.SnapshotAsync(new DeploymentParameters());
        var lower = await Bicep.SnapshotAsync(new DeploymentParameters { MaximumInstanceCount = 39 });

        Assert.True((int)parameter["minValue"]! >= 40);
        Assert.True((int)parameter["defaultValue"]! >= 40);
        Assert.True((int)deployed.App["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["maximumInstanceCount"]! >= 40);
        Assert.Null(lower.Json);
        Assert.Contains("the minimum allowable value is 40", lower.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Standard_B2s", 40)]
    [InlineData("Standard_D2ds_v5", 100)]
    [InlineData("Standard_E4ds_v5", 400)]
    public async Task PoolSize_OfEveryInstanceTheCapAllows_FitsTheServer(string sku, int cap)
    {
        var snapshot = await Bicep.SnapshotAsync(new DeploymentParameters { PostgresSku = sku, MaximumInstanceCount = cap });

        var connectionString = ArmFormat.Evaluate((string)snapshot.OfType("Microsoft.KeyVault/vaults/secrets").Single(s => Snapshot.OwnName(s) == "postgres-connection-string")["properties"]!["value"]!);
        var pool = int.Parse(PoolSize().Match(connectionString).Groups[1].Value, CultureInfo.InvariantCulture);
        var server = Assert.Single(snapshot.OfType("Microsoft.DBforPostgreSQL/flexibleServers"));

        Assert.Equal(sku, (string)server["sku"]!["name"]!);
        Assert.Equal(ConnectingInstances(cap), (int)snapshot.Output("connectingInstances"));
        Assert.True(pool * ConnectingInstances(cap) <= UserConnections[sku], $"{pool} x {ConnectingInstances(cap)} > {UserConnections[sku]}");

        // Enough for a worker instance: its concurrent sessions, and one more for the handler's own reads.
        Assert.True(pool >= FunctionsHostJson.MaxConcurrentSessions + 1, $"pool {pool}");
        Assert.StartsWith("Host=" + ArmFormat.Unknown + ";Database=automations;", connectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Standard_B1ms", 40)]
    [InlineData("Standard_B2s", 100)]
    public async Task PoolSize_ServerTooSmallForTheCap_IsRefusedWithTheReason(string sku, int cap)
    {
        var snapshot = await Bicep.SnapshotAsync(new DeploymentParameters { PostgresSku = sku, MaximumInstanceCount = cap });

        Assert.Null(snapshot.Json);
        Assert.Contains($"Refused: postgresSku {sku} takes {UserConnections[sku]} connections", snapshot.Error, StringComparison.Ordinal);
        Assert.Contains($"{ConnectingInstances(cap)} instances", snapshot.Error, StringComparison.Ordinal);
    }
}
