using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Automations.Core.Definitions;

namespace Automations.Host.Configuration;

/// <summary><c>Automations:Repositories</c>: the connected repositories, as a list (<c>:0</c>, <c>:1</c>, …).</summary>
public sealed partial class RepositoriesOptions : IValidatableObject
{
    /// <summary>The listed repositories, by their index in the configuration (bound by <see cref="Bind"/>).</summary>
    public IDictionary<int, RepositoryOptions> Entries { get; } = new SortedDictionary<int, RepositoryOptions>();

    /// <summary>Binds the numbered entries of the section (the binder does not bind a class from numbered keys).</summary>
    public void Bind(IConfigurationSection section)
    {
        Entries.Clear();
        foreach (var child in section.GetChildren())
        {
            if (int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                Entries[index] = child.Get<RepositoryOptions>() ?? new RepositoryOptions { Repository = child.Value };
            }
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (index, entry) in Entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Repository))
            {
                yield return new ValidationResult("is required: owner/name or a git URL.", [$"{index}:Repository"]);
                continue;
            }

            if (!IsRepository(entry.Repository))
            {
                yield return new ValidationResult($"'{entry.Repository}' is neither owner/name nor a git URL (https://, file://, git@).", [$"{index}:Repository"]);
                continue;
            }

            var name = RepositoryOptions.NameOf(entry.Repository);
            if (seen.TryGetValue(name, out var first))
            {
                yield return new ValidationResult($"'{name}' is connected twice: also as Automations:Repositories:{first}.", [$"{index}:Repository"]);
            }

            seen.TryAdd(name, index);
            if (entry.Branch is { } branch && GitBranchName.Problem(branch) is { } problem)
            {
                yield return new ValidationResult($"'{branch}' is no branch name: it {problem}.", [$"{index}:Branch"]);
            }

            foreach (var target in entry.AllowTargets.Where(t => !OwnerName().IsMatch(t.Trim())))
            {
                yield return new ValidationResult($"'{target}' is not owner/name.", [$"{index}:AllowTargets"]);
            }

            foreach (var (key, prebuildProblem) in entry.Prebuild?.Problems($"{index}:Prebuild") ?? [])
            {
                yield return new ValidationResult(prebuildProblem, [key]);
            }
        }
    }

    private static bool IsRepository(string value) =>
        OwnerName().IsMatch(value.Trim()) || value.Contains("://", StringComparison.Ordinal) || value.TrimStart().StartsWith("git@", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerName();
}
