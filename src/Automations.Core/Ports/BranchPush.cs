namespace Automations.Core.Ports;

/// <summary>A push to <paramref name="Branch"/> of the repository at <paramref name="RepositoryUrl"/>, as the engine clones it.</summary>
public sealed record BranchPush(string RepositoryUrl, string Branch);
