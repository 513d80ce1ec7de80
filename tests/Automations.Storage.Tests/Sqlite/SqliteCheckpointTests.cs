using Automations.Storage.Sqlite;
using Automations.Testing;

namespace Automations.Storage.Tests.Sqlite;

/// <summary>The log is copied back into the database beside the writer, long before the writer's own threshold.</summary>
public sealed class SqliteCheckpointTests
{
    [Fact]
    public async Task Writes_FarBelowTheWritersThreshold_ReachTheDatabaseFileWithoutAnotherWrite()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("a.db");
        await using var database = SqliteDatabase.Open(path);
        var before = new FileInfo(path).Length;

        // 100 rows of 8 KiB: about 300 pages of log, where the writer would checkpoint only at 4,000.
        var body = new byte[8192];
        await database.WriteAsync(
            async (connection, transaction) =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO deliveries (source, delivery_id, received_at, status, headers, body, matched, sessions) VALUES ('github', @id, 0, 'accepted', '{}', @body, '[]', '[]')";
                    var id = insert.CreateParameter();
                    id.ParameterName = "@id";
                    id.Value = $"d{i}";
                    insert.Parameters.Add(id);
                    var blob = insert.CreateParameter();
                    blob.ParameterName = "@body";
                    blob.Value = body;
                    insert.Parameters.Add(blob);
                    await insert.ExecuteNonQueryAsync();
                }

                return 0;
            },
            CancellationToken.None);

        // No write follows: only the checkpointer beside the writer can copy the log into the file.
        await Waiting.UntilAsync(
            () => new FileInfo(path).Length >= before + (100 * 8192),
            TimeSpan.FromSeconds(10),
            $"the rows in the database file (it was {before} bytes before the writes)");
        Assert.True(SqliteCheckpointer.Pause < TimeSpan.FromSeconds(1));
    }
}
