using Automations.Core.Definitions;

namespace Automations.Core.Ports;

/// <summary>
/// A definition's <c>prebuild:</c>, or its repository's (<c>Automations:Repositories:N:Prebuild</c>): its
/// commands run once per base commit of a repository, in the sandbox, and a new session's workspace starts
/// from what they left, instead of running them itself. The next one is built when a session sees a newer
/// base commit, or, sooner, when a push to the base says so (<see cref="BuildAtAsync"/>).
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

    /// <summary>The prebuild the setting of the connected repository at <paramref name="repositoryUrl"/> gives every automation acting on it; null when none.</summary>
    PrebuildSpec? ForRepository(string repositoryUrl);

    /// <summary>
    /// Builds the prebuild of <paramref name="request"/> at <paramref name="commit"/> of the repository at
    /// <paramref name="repositoryUrl"/>, fetching its mirror first when the commit is not in it, unless it is
    /// ready already (then <see cref="PrebuildUse.Built"/> is false) or its build failed before (then
    /// <see cref="PrebuildUse.Problem"/> says why, as for a build that fails now). A session asking for the same
    /// build meanwhile waits for this one.
    /// </summary>
    Task<PrebuildUse> BuildAtAsync(PrebuildRequest request, string repositoryUrl, string commit, CancellationToken cancellationToken);

    /// <summary>
    /// The prebuild a session of an automation acting on <paramref name="repositoryUrl"/> starts from: its
    /// definition's <paramref name="defined"/> when it has one, else its repository's; null when neither has.
    /// </summary>
    static PrebuildSpec? Chosen(IPrebuilds? prebuilds, PrebuildSpec? defined, string repositoryUrl) => defined ?? prebuilds?.ForRepository(repositoryUrl);
}

/// <summary>What to build: the commands, confined as agent <paramref name="Agent"/>'s setup is, and what of their result is kept.</summary>
/// <param name="Agent">The configured agent whose sandbox settings (network, writable paths) the commands get.</param>
/// <param name="Commands">Shell commands, in order.</param>
/// <param name="Paths">What is kept, relative to the repository; empty: every top-level entry the commit does not track.</param>
/// <param name="Timeout">How long all the commands may take together.</param>
public sealed record PrebuildRequest(string Agent, IReadOnlyList<string> Commands, IReadOnlyList<string> Paths, TimeSpan Timeout)
{
    /// <summary>What tells one prebuild from another: its commands and paths (not the agent or the timeout).</summary>
    public string Key => string.Join('\0', [.. Commands, "\u0001", .. Paths]);
}

/// <summary>What a new workspace got.</summary>
/// <param name="Commit">The base commit the laid prebuild was built at; null when none was laid.</param>
/// <param name="Built">True when this session waited for the prebuild to be built.</param>
/// <param name="Problem">Why none was laid (its build failed, and where its output is kept); null when one was.</param>
/// <param name="Building">A newer base commit whose prebuild is building in the background; null when none.</param>
public sealed record PrebuildUse(string? Commit, bool Built, string? Problem, string? Building = null);
