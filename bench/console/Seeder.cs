using System.Diagnostics;
using Automations.Storage.Postgres;
using Automations.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Automations.Bench.Console;

/// <summary>
/// Writes <see cref="SeedData"/> into a store the engine made (its schema applied by the Storage project, as at
/// the engine's start), in bulk: SQLite in one transaction of prepared inserts, PostgreSQL by binary COPY.
/// </summary>
internal static class Seeder
{
    private const string SessionColumns = "id, automation, status, activity, repository, branch, pr_number, pr_url, source, kind, delivery_id, created_at, updated_at, error, last_seq, agent, repository_url, base, question, cost_usd, input_tokens, output_tokens, turns, sandboxed";

    public static async Task<TimeSpan> SqliteAsync(string path, SeedData data)
    {
        var clock = Stopwatch.StartNew();
        await SqliteDatabase.Open(path).DisposeAsync();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var sessions = connection.CreateCommand();
        sessions.Transaction = transaction;
        sessions.CommandText = $"INSERT INTO sessions ({SessionColumns}) VALUES ({string.Join(", ", SessionColumns.Split(", ").Select(c => "@" + c))})";
        var s = SessionColumns.Split(", ").ToDictionary(c => c, c => sessions.Parameters.Add(new SqliteParameter("@" + c, null)));
        foreach (var row in data.Sessions)
        {
            foreach (var (column, value) in Values(row))
            {
                s[column].Value = value ?? DBNull.Value;
            }

            await sessions.ExecuteNonQueryAsync();
        }

        await using var events = connection.CreateCommand();
        events.Transaction = transaction;
        events.CommandText = "INSERT INTO session_events (session_id, seq, at, type, data) VALUES (@id, @seq, @at, @type, @data)";
        var (id, seq, at, type, json) = (events.Parameters.Add(new SqliteParameter("@id", null)), events.Parameters.Add(new SqliteParameter("@seq", null)),
            events.Parameters.Add(new SqliteParameter("@at", null)), events.Parameters.Add(new SqliteParameter("@type", null)), events.Parameters.Add(new SqliteParameter("@data", null)));
        foreach (var e in data.Events())
        {
            (id.Value, seq.Value, at.Value, type.Value, json.Value) = (e.SessionId, e.Seq, e.At, e.Type, e.Data);
            await events.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }

        return clock.Elapsed;
    }

    public static async Task<TimeSpan> PostgresAsync(string connectionString, SeedData data)
    {
        var clock = Stopwatch.StartNew();
        await (await PostgresDatabase.OpenAsync(connectionString, null, null, TimeProvider.System, CancellationToken.None)).DisposeAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var sessions = await connection.BeginBinaryImportAsync($"COPY sessions ({SessionColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in data.Sessions)
            {
                await sessions.StartRowAsync();
                foreach (var (_, value) in Values(row))
                {
                    await (value switch
                    {
                        null => sessions.WriteNullAsync(),
                        string text => sessions.WriteAsync(text, NpgsqlDbType.Text),
                        double number => sessions.WriteAsync(number, NpgsqlDbType.Double),
                        long number => sessions.WriteAsync(number, NpgsqlDbType.Bigint),
                        int number => sessions.WriteAsync((long)number, NpgsqlDbType.Bigint),
                        _ => throw new InvalidOperationException($"no COPY type for {value.GetType()}"),
                    });
                }
            }

            await sessions.CompleteAsync();
        }

        await using (var events = await connection.BeginBinaryImportAsync("COPY session_events (session_id, seq, at, type, data) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var e in data.Events())
            {
                await events.StartRowAsync();
                await events.WriteAsync(e.SessionId, NpgsqlDbType.Text);
                await events.WriteAsync(e.Seq, NpgsqlDbType.Bigint);
                await events.WriteAsync(e.At, NpgsqlDbType.Bigint);
                await events.WriteAsync(e.Type, NpgsqlDbType.Text);
                await events.WriteAsync(e.Data, NpgsqlDbType.Text);
            }

            await events.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE sessions; ANALYZE session_events;", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return clock.Elapsed;
    }

    /// <summary>The row's values in <see cref="SessionColumns"/> order.</summary>
    private static IEnumerable<(string Column, object? Value)> Values(SeedSession s)
    {
        var branch = $"automations/{SeedData.Automation}/{s.Id}";
        yield return ("id", s.Id);
        yield return ("automation", SeedData.Automation);
        yield return ("status", s.Status);
        yield return ("activity", s.Activity);
        yield return ("repository", SeedData.Repository);
        yield return ("branch", branch);
        yield return ("pr_number", s.PrNumber is { } n ? (long)n : null);
        yield return ("pr_url", s.PrNumber is { } m ? $"https://github.com/{SeedData.Repository}/pull/{m}" : null);
        yield return ("source", "github");
        yield return ("kind", "github.issues.labeled");
        yield return ("delivery_id", $"d-{s.Id[..12]}");
        yield return ("created_at", s.CreatedAt);
        yield return ("updated_at", s.UpdatedAt);
        yield return ("error", s.Error);
        yield return ("last_seq", s.LastSeq);
        yield return ("agent", "claude");
        yield return ("repository_url", $"https://github.com/{SeedData.Repository}.git");
        yield return ("base", "main");
        yield return ("question", s.Question);
        yield return ("cost_usd", s.Cost);
        yield return ("input_tokens", s.Input);
        yield return ("output_tokens", s.Output);
        yield return ("turns", (long)s.Turns);
        yield return ("sandboxed", 1L);
    }
}
