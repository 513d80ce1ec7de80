using System.Data;
using System.Data.Common;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;
using Automations.Testing;

namespace Automations.Storage.Tests.Sqlite;

/// <summary>The writer's connection keeps its statements prepared across writes, each run with its own values.</summary>
public sealed class SqlitePreparedCommandsTests
{
    private const string Insert = "INSERT INTO delivery_refusals (source, reason, refusals, last_at) VALUES (@source, @reason, @refusals, 0)";

    [Fact]
    public async Task AStatement_RunInTwoWrites_RunsOnOneCommand_WithEachWritesValues()
    {
        using var directory = new TempDirectory();
        await using var database = SqliteDatabase.Open(directory.Combine("a.db"));
        var commands = new List<DbCommand>();

        foreach (var (reason, refusals) in new[] { ("first", 1L), ("second", 2L) })
        {
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    var statement = new SqlStatement(Insert, ("@source", DbType.String, "github"), ("@reason", DbType.String, reason), ("@refusals", DbType.Int64, refusals));
                    var affected = await SqlCommands.ExecuteAllAsync(connection, transaction, [statement], CancellationToken.None);
                    commands.Add(SqlCommands.PreparedFor(connection).For(connection, statement));
                    return affected[0];
                },
                CancellationToken.None);
        }

        Assert.Same(commands[0], commands[1]);
        Assert.Equal(["first:1", "second:2"], await RowsAsync(database));
    }

    [Fact]
    public async Task TheSameText_GivenFewerValues_FailsAsItWouldUnprepared_AndBindsNothingLeftOver()
    {
        using var directory = new TempDirectory();
        await using var database = SqliteDatabase.Open(directory.Combine("a.db"));
        await database.WriteAsync(
            (connection, transaction) => SqlCommands.ExecuteAllAsync(connection, transaction, [new SqlStatement(Insert, ("@source", DbType.String, "github"), ("@reason", DbType.String, "first"), ("@refusals", DbType.Int64, 1L))], CancellationToken.None),
            CancellationToken.None);

        // Without @refusals: the first run's value must not be bound in its place.
        await Assert.ThrowsAnyAsync<Exception>(() => database.WriteAsync(
            (connection, transaction) => SqlCommands.ExecuteAllAsync(connection, transaction, [new SqlStatement(Insert, ("@source", DbType.String, "github"), ("@reason", DbType.String, "second"))], CancellationToken.None),
            CancellationToken.None));

        Assert.Equal(["first:1"], await RowsAsync(database));
    }

    [Fact]
    public async Task TextsMadeEachTime_StartTheSetOver_InsteadOfGrowingIt()
    {
        using var directory = new TempDirectory();
        await using var database = SqliteDatabase.Open(directory.Combine("a.db"));
        await database.WriteAsync(
            async (connection, transaction) =>
            {
                var prepared = SqlCommands.PreparedFor(connection);
                var first = prepared.For(connection, new SqlStatement("SELECT 0"));
                for (var i = 1; i <= PreparedCommands.Most; i++)
                {
                    await SqlCommands.ExecuteAllAsync(connection, transaction, [new SqlStatement($"SELECT {i}")], CancellationToken.None);
                }

                Assert.True(prepared.Count <= PreparedCommands.Most, $"{prepared.Count} commands kept");
                Assert.NotSame(first, prepared.For(connection, new SqlStatement("SELECT 0")));
                return 0;
            },
            CancellationToken.None);
    }

    private static async Task<List<string>> RowsAsync(SqliteDatabase database)
    {
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reason, refusals FROM delivery_refusals ORDER BY reason";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}:{reader.GetInt64(1)}");
        }

        return rows;
    }
}
