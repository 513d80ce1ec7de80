namespace Automations.Integrations.GitHub;

/// <summary>A pull request's head or base: <c>ref</c> is the branch, <c>label</c> is <c>owner:branch</c>.</summary>
public sealed record GitHubBranchRef(string Ref, string Sha, string? Label);
