using Automations.Core.Definitions;

namespace Automations.Host.Configuration;

/// <summary>
/// <c>Automations:Repositories:N:Prebuild</c>: a prebuild for every automation acting on the repository that
/// has no <c>prebuild:</c> of its own (a definition's wins), in the shape of the definition's key.
/// </summary>
public sealed class RepositoryPrebuildOptions
{
    /// <summary>Shell commands, run in order in a checkout of the base, confined as <c>setup</c> is; at least one.</summary>
    public IList<string> Commands { get; set; } = new List<string>();

    /// <summary>What is kept, relative to the repository's root; empty: every top-level file or folder the commands made that the commit does not track.</summary>
    public IList<string> Paths { get; set; } = new List<string>();

    /// <summary>The problems of the setting at <paramref name="setting"/>, each naming its key.</summary>
    public IEnumerable<(string Key, string Problem)> Problems(string setting)
    {
        if (!Commands.Any(c => !string.IsNullOrWhiteSpace(c)))
        {
            yield return ($"{setting}:Commands", "is required: the shell commands whose result sessions start from, such as Commands:0=npm ci.");
        }

        foreach (var path in Paths)
        {
            if ((string.IsNullOrWhiteSpace(path) ? "is empty" : PrebuildSpec.PathProblem(path.Trim())) is { } problem)
            {
                yield return ($"{setting}:Paths", $"'{path}' {problem}.");
            }
        }
    }

    /// <summary>The setting as a definition's <c>prebuild:</c> would give it.</summary>
    public PrebuildSpec Spec() => new()
    {
        Commands = [.. Commands.Where(c => !string.IsNullOrWhiteSpace(c))],
        Paths = [.. Paths.Select(p => p.Trim().TrimEnd('/'))],
    };
}
