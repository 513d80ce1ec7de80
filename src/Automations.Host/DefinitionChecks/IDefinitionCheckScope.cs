namespace Automations.Host.DefinitionChecks;

/// <summary>
/// Which repositories' pull requests get a check: those the engine acts on. The default takes every
/// repository GitHub sends deliveries for; connected repositories narrow it by replacing this service.
/// </summary>
public interface IDefinitionCheckScope
{
    /// <summary>Whether pull requests of <paramref name="repository"/> (<c>owner/name</c>) are checked.</summary>
    bool Covers(string repository);
}

/// <summary>Every repository GitHub sends deliveries for.</summary>
public sealed class AnyRepositoryScope : IDefinitionCheckScope
{
    public bool Covers(string repository) => true;
}
