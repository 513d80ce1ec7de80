using Automations.Storage.Sqlite;
using Automations.Testing;
using Microsoft.Data.Sqlite;

namespace Automations.Storage.Tests.Sqlite;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task Open_Twice_AppliesEachSchemaVersionOnceInWalMode()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("a.db");
        await (await Task.FromResult(SqliteDatabase.Open(path))).DisposeAsync();
        await using var database = SqliteDatabase.Open(path);

        await using var connection = database.OpenRead();
        using var versions = connection.CreateCommand();
        versions.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_version";
        using var reader = versions.ExecuteReader();
        reader.Read();
        var expected = SqliteDatabase.SchemaScripts().Count();
        Assert.Equal(expected, reader.GetInt32(0));
        Assert.Equal(SqliteDatabase.SchemaScripts().Last().Version, reader.GetInt32(1));
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)mode.ExecuteScalar());
    }

    [Fact]
    public async Task WriteAsync_WorkThrows_RollsBack()
    {
        using var directory = new TempDirectory();
        await using var database = SqliteDatabase.Open(directory.Combine("a.db"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => database.WriteAsync<int>(
            async (c, t) =>
            {
                await using var insert = c.CreateCommand();
                insert.Transaction = t;
                insert.CommandText = "INSERT INTO jobs (id, automation, source, delivery_id, state, available_at, created_at) VALUES ('j', 'a', 's', 'd', 'ready', 0, 0)";
                await insert.ExecuteNonQueryAsync();
                throw new InvalidOperationException("boom");
            },
            CancellationToken.None));

        await using var connection = database.OpenRead();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM jobs";
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public async Task OpenRead_Write_IsRefused()
    {
        using var directory = new TempDirectory();
        await using var database = SqliteDatabase.Open(directory.Combine("a.db"));
        await using var connection = database.OpenRead();
        using var insert = connection.CreateCommand();
        insert.CommandText = "DELETE FROM jobs";
        Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());
    }
}
