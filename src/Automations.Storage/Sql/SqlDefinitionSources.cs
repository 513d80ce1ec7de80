using Automations.Core.Ports;

namespace Automations.Storage.Sql;

/// <summary>The connected repositories' loaded commits in the <c>definition_sources</c> table.</summary>
public sealed class SqlDefinitionSources(SqlDatabase database) : IDefinitionSources
{
    public async Task<IReadOnlyList<DefinitionSource>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT repository, branch, commit_sha, loaded_at, error FROM definition_sources ORDER BY repository");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sources = new List<DefinitionSource>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(new DefinitionSource(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return sources;
    }

    public Task RecordAsync(DefinitionSource source, CancellationToken cancellationToken) =>
        database.WriteOnceAsync(
            async (connection, transaction) =>
            {
                await using var command = SqlCommands.Create(
                        connection,
                        transaction,
                        "INSERT INTO definition_sources (repository, branch, commit_sha, loaded_at, error) VALUES (@repository, @branch, @commit, @at, @error) " +
                        "ON CONFLICT (repository) DO UPDATE SET branch = excluded.branch, commit_sha = excluded.commit_sha, loaded_at = excluded.loaded_at, error = excluded.error")
                    .Text("@repository", source.Repository)
                    .Text("@branch", source.Branch)
                    .Text("@commit", source.Commit)
                    .Int64("@at", source.LoadedAt.ToUnixTimeMilliseconds())
                    .Text("@error", source.Error);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
}
