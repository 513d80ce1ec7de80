namespace Automations.Host.Definitions;

/// <summary>The repositories a GitHub App is installed on (<c>Automations:RepositoryDefinitions:FromApp</c>).</summary>
public interface IInstalledRepositories
{
    /// <summary>Their <c>owner/name</c>s; or why they could not be listed, in which case the last list stays.</summary>
    Task<(IReadOnlyList<string>? Names, string? Problem)> ListAsync(CancellationToken cancellationToken);
}
