using Automations.Core.Definitions;
using Automations.Core.Ports;

namespace Automations.Host.Definitions;

/// <summary>
/// The automations in force: the local folder's files and each connected repository's, in one
/// <see cref="DefinitionSet"/> (so matching stays one indexed lookup), rebuilt whenever either reloads.
/// </summary>
public sealed class DefinitionCatalog : IDefinitionCatalog
{
    private readonly DefinitionFolder _folder;
    private readonly RepositoryDefinitions _repositories;
    private readonly Lock _gate = new();
    private volatile DefinitionSet _current = DefinitionSet.Empty;

    public DefinitionCatalog(DefinitionFolder folder, RepositoryDefinitions repositories)
    {
        _folder = folder;
        _repositories = repositories;
        folder.Reloaded += (_, _) => Rebuild();
        repositories.Changed += (_, _) => Rebuild();
        Rebuild();
    }

    public DefinitionSet Current => _current;

    public DefinitionFolder Folder => _folder;

    public RepositoryDefinitions Repositories => _repositories;

    /// <summary>Every problem: those of the files in force, then those of repositories' loads kept out.</summary>
    public IReadOnlyList<DefinitionProblem> Problems =>
        [.. _current.AllErrors.Select(e => _repositories.OriginOf(e.File) is var (repository, commit)
                ? new DefinitionProblem(e, repository, commit)
                : new DefinitionProblem(e, null, null)),
            .. _repositories.KeptOut];

    private void Rebuild()
    {
        lock (_gate)
        {
            _current = DefinitionSet.Create([.. _folder.Parsed, .. _repositories.Parsed]);
        }
    }
}
