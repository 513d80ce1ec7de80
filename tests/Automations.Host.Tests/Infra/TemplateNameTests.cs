namespace Automations.Host.Tests.Infra;

/// <summary>
/// The names a deployment gives its resources, as ARM computes them for edge-case app names: each is valid for
/// its type, the globally unique ones keep the whole suffix (so two resource groups never collide), and a name
/// outside the rule is refused before anything is created.
/// </summary>
public sealed class TemplateNameTests
{
    /// <summary>Resources whose names are global (DNS): they carry the deployment's suffix.</summary>
    private static readonly string[] GlobalTypes =
        ["Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults", "Microsoft.ServiceBus/namespaces", "Microsoft.DBforPostgreSQL/flexibleServers"];

    [Theory]
    [InlineData("abc")]
    [InlineData("ACME-Automations")]
    [InlineData("acme--automations")]
    [InlineData("acme-automations-abc")]
    [InlineData("acme-automations-for-the-whole-team-v2")]
    [InlineData("a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t")]
    [InlineData("a123456789012345678901234567890123456789")]
    public async Task Names_EdgeCaseAppName_AreValidAndKeepTheWholeSuffix(string name)
    {
        var first = await Bicep.SnapshotAsync(new DeploymentParameters { Name = name }, "automations");
        var second = await Bicep.SnapshotAsync(new DeploymentParameters { Name = name }, "automations-2");

        Assert.True(first.Json is not null, first.Error);
        var violations = first.Resources.Select(r => ResourceNameRules.Violation((string)r["type"]!, Snapshot.OwnName(r))).OfType<string>().ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Equal(name.ToLowerInvariant(), (string)first.App["name"]!);

        // The suffix is the same 13 characters at the end of every global name, and differs by resource group.
        var suffixes = GlobalTypes.Select(t => ((string)Assert.Single(first.OfType(t))["name"]!)[^13..]).Distinct().ToList();
        var suffix = Assert.Single(suffixes);
        Assert.All(GlobalTypes, t => Assert.False(((string)Assert.Single(second.OfType(t))["name"]!).EndsWith(suffix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Names_PostgresServerOfALowerCaseName_IsTheOneEarlierDeploymentsCreated()
    {
        // The server holds the data: an existing deployment redeployed keeps its server.
        var snapshot = await Bicep.SnapshotAsync(new DeploymentParameters { Name = "acme-automations" });

        var server = (string)Assert.Single(snapshot.OfType("Microsoft.DBforPostgreSQL/flexibleServers"))["name"]!;

        Assert.Matches("^acme-automations-pg-[a-z0-9]{13}$", server);
    }

    [Theory]
    [InlineData("acme_bot", "is not 3-40 letters, digits and hyphens")]
    [InlineData("acme.bot", "is not 3-40 letters, digits and hyphens")]
    [InlineData("acme bot", "is not 3-40 letters, digits and hyphens")]
    [InlineData("acme-", "is not 3-40 letters, digits and hyphens")]
    [InlineData("1acme", "is not 3-40 letters, digits and hyphens")]
    [InlineData("ab", "the minimum allowable length is 3")]
    [InlineData("a1234567890123456789012345678901234567890", "the maximum allowable length is 40")]
    public async Task Names_AppNameOutsideTheRule_IsRefusedBeforeAnythingIsCreated(string name, string reason)
    {
        var snapshot = await Bicep.SnapshotAsync(new DeploymentParameters { Name = name });

        Assert.Null(snapshot.Json);
        Assert.Contains(reason, snapshot.Error, StringComparison.Ordinal);
    }
}
