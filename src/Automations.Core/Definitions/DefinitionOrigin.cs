namespace Automations.Core.Definitions;

/// <summary>
/// Where a definition came from: the connected repository (<c>owner/name</c>), the file's path in it and
/// the commit it was read at; for a definition of the local folder, no repository, its file, and no commit.
/// </summary>
public sealed record DefinitionOrigin(string? Repository, string Path, string? Commit);
