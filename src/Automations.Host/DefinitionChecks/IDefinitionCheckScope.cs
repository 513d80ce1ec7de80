namespace Automations.Host.DefinitionChecks;

/// <summary>
/// Which repositories' pull requests get a check: the connected ones, whose <c>.automations/</c> the engine
/// loads (<see cref="Definitions.RepositoryDefinitions"/>). Another repository's definitions never run, so
/// a check there would tell a reviewer what will not happen.
/// </summary>
public interface IDefinitionCheckScope
{
    /// <summary>Whether pull requests of <paramref name="repository"/> (<c>owner/name</c>) are checked.</summary>
    bool Covers(string repository);
}
