using Automations.Core.Definitions;

namespace Automations.Host.Definitions;

/// <summary>A connected repository: its <c>owner/name</c>, where it is fetched from, its branch (null: the default) and its scope.</summary>
public sealed record ConnectedRepository(string Name, string Url, string? Branch, DefinitionScope Scope);

/// <summary>
/// A problem with a definition, and where it came from: a connected repository and the commit it was read
/// at (null for the local folder). <see cref="InForce"/> is false when the problem kept the repository's
/// last good set in force.
/// </summary>
public sealed record DefinitionProblem(DefinitionError Error, string? Repository, string? Commit, bool InForce = true);
