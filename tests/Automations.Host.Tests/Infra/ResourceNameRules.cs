using System.Text.RegularExpressions;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// Azure's naming rules ("Naming rules and restrictions for Azure resources"), by resource type, for a
/// resource's own name (a child's last segment). A type without a rule here fails the test that uses it.
/// </summary>
public static partial class ResourceNameRules
{
    private static readonly Dictionary<string, (int Min, int Max, Regex Pattern)> Rules = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Web/sites"] = (2, 60, LowerAlphanumericsAndHyphens()),
        ["Microsoft.Web/serverfarms"] = (1, 60, new Regex("^[a-zA-Z0-9-]+$")),
        ["Microsoft.ManagedIdentity/userAssignedIdentities"] = (3, 128, new Regex("^[a-zA-Z0-9][a-zA-Z0-9_-]*$")),
        ["Microsoft.OperationalInsights/workspaces"] = (4, 63, new Regex("^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$")),
        ["Microsoft.Insights/components"] = (1, 260, new Regex(@"^[^%&\\?/]+$")),
        ["Microsoft.Storage/storageAccounts"] = (3, 24, new Regex("^[a-z0-9]+$")),
        ["Microsoft.Storage/storageAccounts/blobServices"] = (7, 7, new Regex("^default$")),
        ["Microsoft.Storage/storageAccounts/blobServices/containers"] = (3, 63, new Regex("^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$")),
        ["Microsoft.ServiceBus/namespaces"] = (6, 50, new Regex("^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$(?<!-sb)(?<!-mgmt)")),
        ["Microsoft.ServiceBus/namespaces/queues"] = (1, 260, new Regex("^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9_])?$")),
        ["Microsoft.DBforPostgreSQL/flexibleServers"] = (3, 63, LowerAlphanumericsAndHyphens()),
        ["Microsoft.DBforPostgreSQL/flexibleServers/databases"] = (1, 63, new Regex("^[a-zA-Z_][a-zA-Z0-9_]*$")),
        ["Microsoft.DBforPostgreSQL/flexibleServers/firewallRules"] = (1, 128, new Regex("^[a-zA-Z0-9_-]+$")),
        ["Microsoft.KeyVault/vaults"] = (3, 24, new Regex("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$")),
        ["Microsoft.KeyVault/vaults/secrets"] = (1, 127, new Regex("^[a-zA-Z0-9-]+$")),
        ["Microsoft.Authorization/roleAssignments"] = (36, 36, new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")),
    };

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex LowerAlphanumericsAndHyphens();

    /// <summary>Why <paramref name="name"/> is not a valid name for <paramref name="type"/>; null when it is.</summary>
    public static string? Violation(string type, string name)
    {
        if (!Rules.TryGetValue(type, out var rule))
        {
            return $"no naming rule is known for {type}: add it to {nameof(ResourceNameRules)}";
        }

        return name.Length < rule.Min || name.Length > rule.Max
            ? $"{type} '{name}' has {name.Length} characters, not {rule.Min}-{rule.Max}"
            : rule.Pattern.IsMatch(name) ? null : $"{type} '{name}' does not match {rule.Pattern}";
    }
}
