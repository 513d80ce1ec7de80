namespace Automations.Core.Definitions;

/// <summary>
/// <c>prebuild:</c> in a definition: commands run once per base commit in the sandbox, whose result every
/// session on that repository starts from, instead of running them in each new workspace.
/// </summary>
public sealed record PrebuildSpec
{
    /// <summary>Shell commands, run in order in a checkout of the base, confined as <c>setup</c> is; at least one.</summary>
    public required IReadOnlyList<string> Commands { get; init; }

    /// <summary>
    /// What is kept, relative to the repository's root (<c>node_modules</c>); empty: every top-level file or
    /// folder the commands made that the commit does not track.
    /// </summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Why a kept path is not one inside the repository (absolute, with <c>.</c> or <c>..</c>, in <c>.git</c>), or null.</summary>
    public static string? PathProblem(string path) =>
        path.StartsWith('/') ? "must be relative to the repository's root"
        : path.Split('/').Any(part => part is ".." or ".") ? "may not hold '.' or '..'"
        : path.Split('/')[0] == ".git" ? "may not be in .git"
        : null;
}
