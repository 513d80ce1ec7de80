using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Automations.Host.Configuration;

/// <summary><c>Automations:RepositoryDefinitions</c>: how the connected repositories' definitions are kept current.</summary>
public sealed partial class RepositoryDefinitionsOptions : IValidatableObject
{
    /// <summary>
    /// Connects every repository the GitHub App (<c>Automations:GitHub:AppId</c>) is installed on, beside those
    /// listed in <c>Automations:Repositories</c>, looked up at start, at each refresh and when GitHub says the
    /// installation changed. Such a repository's definitions act on it alone, with GitHub triggers only; list it
    /// to grant more. Default false.
    /// </summary>
    public bool FromApp { get; set; }

    /// <summary>Repositories (<c>owner/name</c>) that <see cref="FromApp"/> leaves out.</summary>
    public IList<string> Exclude { get; set; } = new List<string>();

    /// <summary>How often every connected repository is fetched, whatever pushes said. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "must be at least 1 second.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the store is read for a repository another instance loaded at a newer commit. Default 3 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "must be between 50 milliseconds and 1 hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(3);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Exclude.Where(e => !OwnerName().IsMatch(e.Trim())).Select(e => new ValidationResult($"'{e}' is not owner/name.", [nameof(Exclude)]));

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerName();
}
