using System.Diagnostics.CodeAnalysis;

namespace Automations.Integrations.GitHub;

/// <summary>
/// A repository on GitHub, and the GitHub App installation that covers it when a delivery said so
/// (<c>installation.id</c>); without one, an app looks the installation up.
/// </summary>
public sealed record GitHubRepository(string Owner, string Name)
{
    public long? InstallationId { get; init; }

    public string FullName => $"{Owner}/{Name}";

    /// <summary>The path under the API: <c>repos/{owner}/{name}</c>, escaped.</summary>
    public string ApiPath => $"repos/{Uri.EscapeDataString(Owner)}/{Uri.EscapeDataString(Name)}";

    /// <summary>Reads <c>owner/name</c>.</summary>
    public static bool TryParse(string? fullName, [NotNullWhen(true)] out GitHubRepository? repository)
    {
        repository = null;
        var parts = fullName?.Trim().Split('/') ?? [];
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p is "." or ".." || p.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '%')))
        {
            return false;
        }

        repository = new GitHubRepository(parts[0], parts[1]);
        return true;
    }

    public override string ToString() => FullName;
}
