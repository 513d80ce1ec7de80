using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// The app can read what it needs on its first start: its identity exists, and holds its roles, before the app
/// is created, and every Key Vault reference it is given points to a secret the same deployment writes first.
/// </summary>
public sealed partial class TemplateAccessTests
{
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=(?<vault>[^;]+);SecretName=(?<secret>[^)]+)\)$")]
    private static partial Regex Reference();

    /// <summary>The symbolic names <paramref name="resource"/> depends on, directly or through others.</summary>
    private static HashSet<string> DependsOn(JsonObject resources, string resource)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([resource]);
        while (pending.TryPop(out var current))
        {
            foreach (var dependency in resources[current]!["dependsOn"]?.AsArray().Select(d => (string)d!) ?? [])
            {
                if (found.Add(dependency))
                {
                    pending.Push(dependency);
                }
            }
        }

        return found;
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> OfType(JsonObject resources, string type) =>
        resources.Where(r => (string)r.Value!["type"]! == type);

    [Fact]
    public async Task App_RoleAssignmentsOfItsIdentity_ComeBeforeTheApp()
    {
        var template = await Bicep.TemplateAsync();
        Assert.True((string?)template["languageVersion"] == "2.0", "the template is compiled with symbolic names, so that dependsOn names resources");
        var resources = template["resources"]!.AsObject();
        var (appName, app) = Assert.Single(OfType(resources, "Microsoft.Web/sites"));
        var (identityName, _) = Assert.Single(OfType(resources, "Microsoft.ManagedIdentity/userAssignedIdentities"));
        var identityRoles = OfType(resources, "Microsoft.Authorization/roleAssignments")
            .Where(r => ((string)r.Value!["properties"]!["principalId"]!).Contains($"reference('{identityName}')", StringComparison.Ordinal))
            .Select(r => r.Key)
            .ToList();

        // The app runs as the identity: for Key Vault references, the deployment package, storage and Service Bus.
        Assert.Equal("UserAssigned", (string)app!["identity"]!["type"]!);
        Assert.Contains(identityName, (string)app["properties"]!["keyVaultReferenceIdentity"]!, StringComparison.Ordinal);
        Assert.Contains(identityName, (string)app["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["userAssignedIdentityResourceId"]!, StringComparison.Ordinal);

        // Its roles exist before it, and none of them waits for it.
        Assert.Equal(3, identityRoles.Count);
        var before = DependsOn(resources, appName);
        Assert.Contains(identityName, before);
        Assert.All(identityRoles, role => Assert.Contains(role, before));
        Assert.All(identityRoles, role => Assert.DoesNotContain(appName, DependsOn(resources, role)));
    }

    [Fact]
    public async Task Identity_Roles_ReadSecretsOwnTheQueueAndUseTheHostStorage()
    {
        var snapshot = await Bicep.SnapshotAsync(new DeploymentParameters());
        var identity = (string)Assert.Single(snapshot.OfType("Microsoft.ManagedIdentity/userAssignedIdentities"))["id"]!;
        var granted = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => ((string)r["properties"]!["principalId"]!).Contains(identity, StringComparison.OrdinalIgnoreCase))
            .Select(r => (Scope: ((string)r["id"]!).Split("/providers/Microsoft.Authorization/")[0], Role: ((string)r["properties"]!["roleDefinitionId"]!).Split('/')[^1]))
            .ToList();

        Assert.Contains(((string)Assert.Single(snapshot.OfType("Microsoft.KeyVault/vaults"))["id"]!, KeyVaultSecretsUser), granted);
        Assert.Contains(((string)Assert.Single(snapshot.OfType("Microsoft.Storage/storageAccounts"))["id"]!, StorageBlobDataOwner), granted);

        // Data Owner: send, receive, and the queue's message count, without which target-based scaling is off.
        Assert.Contains(((string)Assert.Single(snapshot.OfType("Microsoft.ServiceBus/namespaces"))["id"]!, ServiceBusDataOwner), granted);
        Assert.Contains(identity, snapshot.AppSettings["ServiceBusConnection__clientId"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains(identity, snapshot.AppSettings["AzureWebJobsStorage__clientId"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task App_EveryKeyVaultReference_PointsToASecretTheDeploymentWritesFirst()
    {
        var settings = new Dictionary<string, string>
        {
            ["Automations__GitHub__Token"] = "ghp_token",
            ["Automations__Agents__claude__Env__ANTHROPIC_API_KEY"] = "sk-ant",
        };
        var snapshot = await Bicep.SnapshotAsync(new DeploymentParameters { SecretSettings = settings });
        var vault = (string)Assert.Single(snapshot.OfType("Microsoft.KeyVault/vaults"))["name"]!;
        var written = snapshot.OfType("Microsoft.KeyVault/vaults/secrets").Select(s => (string)s["name"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var references = snapshot.AppSettings.Select(s => (s.Key, Match: Reference().Match(s.Value))).Where(s => s.Match.Success).ToList();

        Assert.Equal(
            ["AUTOMATIONS_DEPLOY_CHECK_SECRET", "Automations__Agents__claude__Env__ANTHROPIC_API_KEY", "Automations__Api__Keys__0", "Automations__GitHub__Token", "Automations__Store__ConnectionString"],
            references.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(references, r =>
        {
            Assert.Equal(vault, r.Match.Groups["vault"].Value);
            Assert.Contains($"{vault}/{r.Match.Groups["secret"].Value}", written);
        });

        // The app is created after every secret of the vault.
        var resources = (await Bicep.TemplateAsync())["resources"]!.AsObject();
        var before = DependsOn(resources, Assert.Single(OfType(resources, "Microsoft.Web/sites")).Key);
        Assert.All(OfType(resources, "Microsoft.KeyVault/vaults/secrets"), s => Assert.Contains(s.Key, before));
    }
}
