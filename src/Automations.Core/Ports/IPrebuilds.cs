namespace Automations.Core.Ports;

/// <summary>
/// A definition's <c>prebuild:</c>: its commands run once per base commit of a repository, in the sandbox,
/// and a new session's workspace starts from what they left, instead of running them itself.
/// </summary>
public interface IPrebuilds
{
    /// <summary>
    /// Lays the newest ready prebuild of <paramref name="request"/> into the fresh <paramref name="workspace"/>.
    /// With none ready yet, builds it at the workspace's base commit first (sessions asking meanwhile wait for
    /// the same build); with one ready at an older commit, lays that one and builds the next in the background.
    /// A build that fails is recorded with its output, and says why in <see cref="PrebuildUse.Problem"/>.
    /// </summary>
    Task<PrebuildUse> StartFromAsync(PrebuildRequest request, Workspace workspace, CancellationToken cancellationToken);
}

/// <summary>What to build: the commands, confined as agent <paramref name="Agent"/>'s setup is, and what of their result is kept.</summary>
/// <param name="Agent">The configured agent whose sandbox settings (network, writable paths) the commands get.</param>
/// <param name="Commands">Shell commands, in order.</param>
/// <param name="Paths">What is kept, relative to the repository; empty: every top-level entry the commit does not track.</param>
/// <param name="Timeout">How long each command may take.</param>
public sealed record PrebuildRequest(string Agent, IReadOnlyList<string> Commands, IReadOnlyList<string> Paths, TimeSpan Timeout);

/// <summary>What a new workspace got.</summary>
/// <param name="Commit">The base commit the laid prebuild was built at; null when none was laid.</param>
/// <param name="Built">True when this session waited for the prebuild to be built.</param>
/// <param name="Problem">Why none was laid (its build failed, and where its output is kept); null when one was.</param>
/// <param name="Building">A newer base commit whose prebuild is building in the background; null when none.</param>
public sealed record PrebuildUse(string? Commit, bool Built, string? Problem, string? Building = null);
