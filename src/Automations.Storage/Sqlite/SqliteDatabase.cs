using System.Data.Common;
using Automations.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Automations.Storage.Sqlite;

/// <summary>
/// The SQLite dialect: one file, one long-lived write connection behind an in-process gate, and pooled
/// connections for reads. SQLite allows one writer at a time; taking turns here, instead of on the file
/// lock, means no writer ever waits on <c>SQLITE_BUSY</c> and the group commit of deliveries shares the
/// same turn. WAL mode lets readers go on while a write is in progress. With one writer there is nothing
/// to lock rows against, and the only workers are in this process, so no one else needs telling.
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    /// <summary>Pages the writer keeps in memory (in KiB, as SQLite's negative form): the indexes a delivery touches stay read.</summary>
    internal const int WriterCacheKiB = 32 * 1024;

    /// <summary>The log size (in pages) at which the writer checkpoints itself, should <see cref="SqliteCheckpointer"/> fall behind.</summary>
    internal const int WriterCheckpointPages = 4000;

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private readonly SqliteCheckpointer _checkpointer;

    private SqliteDatabase(SqliteConnection writer, string readConnectionString, SqliteCheckpointer checkpointer)
    {
        _writer = writer;
        _readConnectionString = readConnectionString;
        _checkpointer = checkpointer;
    }

    /// <summary>SQLite stores what it is given: a body is packed by the store (<see cref="Sql.DeliveryBody"/>).</summary>
    internal override bool PacksBodies => true;

    /// <summary>Rows in arrival order without an index of their own.</summary>
    internal override string ArrivalColumn => "rowid";

    internal override string LockRows => string.Empty;

    internal override string LockRowsSkipLocked => string.Empty;

    /// <summary>Opens (or creates) the file, sets WAL mode and applies every schema version not yet applied.</summary>
    public static SqliteDatabase Open(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // The store is the engine's alone: SQLite makes its -wal and -shm files with the database's mode.
        if (!File.Exists(path))
        {
            using (File.Create(path, 0, FileOptions.None))
            {
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 };
        var writer = new SqliteConnection(builder.ToString());
        writer.Open();
        Execute(writer, "PRAGMA journal_mode = WAL;");

        // FULL: a commit is on disk before a delivery is acknowledged; the group commit pays for it once per batch.
        Execute(writer, "PRAGMA synchronous = FULL;");
        Execute(writer, "PRAGMA busy_timeout = 10000;");
        Execute(writer, $"PRAGMA cache_size = -{WriterCacheKiB};");
        Execute(writer, $"PRAGMA wal_autocheckpoint = {WriterCheckpointPages};");
        Migrate(writer);

        var checkpointer = new SqliteCheckpointer(builder.ToString(), TimeProvider.System);
        builder.Mode = SqliteOpenMode.ReadOnly;
        return new SqliteDatabase(writer, builder.ToString(), checkpointer);
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction, alone among writers.</summary>
    public override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = await work(_writer, transaction);
            transaction.Commit();
            _checkpointer.Written();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken) => Task.FromResult<DbConnection>(OpenRead());

    /// <summary>A pooled read-only connection, already open. Dispose it after use.</summary>
    public SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await _checkpointer.DisposeAsync();
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

    /// <summary>Embedded <c>Sqlite/Schema/NNN_name.sql</c> files, in version order.</summary>
    internal static IReadOnlyList<(int Version, string Name, string Sql)> SchemaScripts() => Sql.SchemaScripts.Load("Sqlite");

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

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
