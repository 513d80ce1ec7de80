using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Automations.Storage.Sqlite;

/// <summary>
/// The SQLite file: one long-lived write connection behind an in-process gate, and pooled connections
/// for reads. SQLite allows one writer at a time; taking turns here, instead of on the file lock, means
/// no writer ever waits on <c>SQLITE_BUSY</c> and the group commit of deliveries shares the same turn.
/// WAL mode lets readers go on while a write is in progress.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;

    private SqliteDatabase(SqliteConnection writer, string readConnectionString)
    {
        _writer = writer;
        _readConnectionString = readConnectionString;
    }

    /// <summary>Opens (or creates) the file, sets WAL mode and applies every schema version not yet applied.</summary>
    public static SqliteDatabase Open(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 };
        var writer = new SqliteConnection(builder.ToString());
        writer.Open();
        Execute(writer, "PRAGMA journal_mode = WAL;");

        // FULL: a commit is on disk before a delivery is acknowledged; the group commit pays for it once per batch.
        Execute(writer, "PRAGMA synchronous = FULL;");
        Execute(writer, "PRAGMA busy_timeout = 10000;");
        Migrate(writer);

        builder.Mode = SqliteOpenMode.ReadOnly;
        return new SqliteDatabase(writer, builder.ToString());
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction, alone among writers.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = work(_writer, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>A pooled read-only connection, already open. Dispose it after use.</summary>
    public SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            Execute(_writer, "PRAGMA wal_checkpoint(TRUNCATE);");
            await _writer.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
        finally
        {
            _writeGate.Release();
            _writeGate.Dispose();
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        var current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        foreach (var (version, name, sql) in SchemaScripts())
        {
            if (version <= current)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            using (var apply = connection.CreateCommand())
            {
                apply.Transaction = transaction;
                apply.CommandText = sql;
                apply.ExecuteNonQuery();
            }

            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$n", name);
                record.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Embedded <c>Schema/NNN_name.sql</c> files, in version order.</summary>
    internal static IEnumerable<(int Version, string Name, string Sql)> SchemaScripts()
    {
        var assembly = typeof(SqliteDatabase).Assembly;
        const string prefix = "Automations.Storage.Sqlite.Schema.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                return (version, name, ReadResource(assembly, n));
            })
            .OrderBy(s => s.version);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing schema resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
