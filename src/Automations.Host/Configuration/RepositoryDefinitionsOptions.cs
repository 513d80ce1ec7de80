using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

/// <summary><c>Automations:RepositoryDefinitions</c>: how the connected repositories' definitions are kept current.</summary>
public sealed class RepositoryDefinitionsOptions
{
    /// <summary>How often every connected repository is fetched, whatever pushes said. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "must be at least 1 second.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the store is read for a repository another instance loaded at a newer commit. Default 3 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "must be between 50 milliseconds and 1 hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(3);
}
