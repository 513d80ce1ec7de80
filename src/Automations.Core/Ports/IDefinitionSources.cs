namespace Automations.Core.Ports;

/// <summary>
/// Each connected repository's definitions as last loaded by any instance (<c>definition_sources</c>): every
/// instance reloads a repository whose recorded commit differs from its own, so a cluster converges.
/// </summary>
public interface IDefinitionSources
{
    /// <summary>Every recorded repository.</summary>
    Task<IReadOnlyList<DefinitionSource>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Records the repository's commit (replacing what was recorded).</summary>
    Task RecordAsync(DefinitionSource source, CancellationToken cancellationToken);
}

/// <summary>A connected repository's definitions at <see cref="Commit"/>; <see cref="Error"/> says why the last good set stayed in force.</summary>
public sealed record DefinitionSource(string Repository, string Branch, string Commit, DateTimeOffset LoadedAt, string? Error);
