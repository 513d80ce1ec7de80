using Automations.Agents.Commands;
using Automations.Core.Definitions;

namespace Automations.Agents;

/// <summary>What the agents' services need from the host's configuration.</summary>
/// <param name="Agents">Configured agents by name (<c>agent.use</c> in a definition).</param>
/// <param name="MirrorsPath">Where each repository's bare mirror is kept.</param>
/// <param name="WorkspacesPath">Where sessions' workspaces are made.</param>
/// <param name="WarmWorktrees">Workspaces per repository checked out ahead of time.</param>
/// <param name="MaxOutputLineBytes">The longest line of an agent's output kept whole.</param>
public sealed record AgentsSettings(IReadOnlyDictionary<string, AgentOptions> Agents, string MirrorsPath, string WorkspacesPath, int WarmWorktrees, int MaxOutputLineBytes)
{
    /// <summary>Where definitions' prebuilds are kept; null: beside the mirrors, in <c>prebuilds/</c>.</summary>
    public string? PrebuildsPath { get; init; }

    /// <summary>Prebuild snapshots kept per repository.</summary>
    public int PrebuildsKept { get; init; } = 3;

    /// <summary>The connected repositories' own prebuilds (<c>Automations:Repositories:N:Prebuild</c>), by repository URL.</summary>
    public IReadOnlyDictionary<string, PrebuildSpec> RepositoryPrebuilds { get; init; } = new Dictionary<string, PrebuildSpec>();
}
