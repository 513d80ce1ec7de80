using Automations.Core.Ports;

namespace Automations.Storage.Sql;

/// <summary>The console's cookie keys in the <c>console_keys</c> table.</summary>
public sealed class SqlConsoleKeyStore(SqlDatabase database, TimeProvider time) : IConsoleKeyStore
{
    public async Task<IReadOnlyList<string>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT xml FROM console_keys ORDER BY created_at, name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public Task AddAsync(string name, string xml, CancellationToken cancellationToken) =>
        database.WriteOnceAsync(
            async (connection, transaction) =>
            {
                await using var command = SqlCommands.Create(connection, transaction, "INSERT INTO console_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING")
                    .Text("@name", name)
                    .Text("@xml", xml)
                    .Int64("@at", time.GetUtcNow().ToUnixTimeMilliseconds());
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
}
