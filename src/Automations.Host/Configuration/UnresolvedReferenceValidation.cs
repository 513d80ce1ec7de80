using Microsoft.Extensions.Options;

namespace Automations.Host.Configuration;

/// <summary>
/// Refuses settings that App Service was to read from Key Vault (or App Configuration) and could not: it then
/// passes the reference's own text, <c>@Microsoft.KeyVault(...)</c>, as the value, and tries again only on a
/// restart, a change of the app's configuration, or after 24 hours. Such a value is never used: as the store's
/// connection string it cannot connect, and as an API key or a webhook secret it is text that anyone who knows
/// the vault's name can write.
/// </summary>
internal sealed class UnresolvedReferenceValidation(IConfiguration configuration) : IValidateOptions<AutomationsOptions>
{
    private static readonly string[] Prefixes = ["@Microsoft.KeyVault(", "@Microsoft.AppConfiguration("];

    public ValidateOptionsResult Validate(string? name, AutomationsOptions options)
    {
        var unresolved = Find(configuration);
        return unresolved.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"these settings are Key Vault references that the platform did not resolve: {string.Join(", ", unresolved)}. "
                + "The app's identity cannot read them (its Key Vault Secrets User role on the vault, or a secret that is missing: the app's environment variables page says which); "
                + "once it can, restart the app, since a reference is resolved again only on a restart, a change of configuration, or after 24 hours.");
    }

    /// <summary>The keys whose value is still a reference, in order.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration) =>
    [
        .. configuration.AsEnumerable()
            .Where(setting => setting.Value is { } value && Prefixes.Any(p => value.TrimStart().StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Select(setting => setting.Key)
            .Order(StringComparer.Ordinal),
    ];
}
