using System.Data.Common;
using System.Globalization;
using Automations.Core.Sessions;
using Automations.Storage.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Automations.Storage.Postgres;

/// <summary>
/// The PostgreSQL dialect, for several instances on one database: pooled connections, each write in its
/// own transaction (a deadlock or serialization failure between instances is retried), rows locked as
/// they are taken (<c>FOR UPDATE</c>, jobs with <c>SKIP LOCKED</c>), and a <c>NOTIFY</c> in every
/// transaction that makes jobs runnable, which <see cref="PostgresJobListener"/> turns into a
/// <see cref="WorkSignal"/> on the other instances; on the same connection it hears of the pushes they note
/// (<see cref="Pushes"/>).
/// </summary>
public sealed class PostgresDatabase : SqlDatabase
{
    /// <summary>The channel of <c>LISTEN/NOTIFY</c> on which jobs are announced.</summary>
    public const string JobsChannel = "automations_jobs";

    /// <summary>The channel on which pushes noted by one instance are announced to the others (<see cref="PostgresBranchPushes"/>).</summary>
    public const string PushesChannel = "automations_pushes";

    // pg_advisory_lock key of schema changes: two instances starting together apply each version once.
    private const long SchemaLockKey = 0x6175746F6D617465;
    private const int MaxWriteAttempts = 4;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresJobListener? _listener;

    private PostgresDatabase(NpgsqlDataSource dataSource, WorkSignal? signal, ILogger logger, TimeProvider time)
    {
        _dataSource = dataSource;
        Pushes = new PostgresBranchPushes(this);
        if (signal is not null)
        {
            _listener = new PostgresJobListener(dataSource, InstanceId, signal, Pushes, logger, time);
        }
    }

    /// <summary>This process's name in notifications, so that it does not wake itself twice for what it made.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The pushes every instance on this database has noted; the others' are heard only where this instance listens (given a signal).</summary>
    public PostgresBranchPushes Pushes { get; }

    internal override string ArrivalColumn => "arrival";

    internal override string LockRows => " FOR UPDATE";

    internal override string LockRowsSkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <summary>
    /// Connects, applies every schema version not yet applied (under an advisory lock), and, given a
    /// <paramref name="signal"/>, listens for jobs made by other instances. A connection string that cannot
    /// be parsed, or a server that cannot be reached, throws <see cref="StoreUnavailableException"/> with a
    /// message that names the server but never the password.
    /// </summary>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, WorkSignal? signal, ILogger? logger, TimeProvider time, CancellationToken cancellationToken)
    {
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
        }
        catch (ArgumentException ex)
        {
            throw new StoreUnavailableException($"The PostgreSQL connection string cannot be read: {ex.Message}", ex);
        }

        try
        {
            await MigrateAsync(dataSource, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var where = Describe(connectionString);
            await dataSource.DisposeAsync();
            throw new StoreUnavailableException($"Cannot open the PostgreSQL store at {where}: {ex.Message}", ex);
        }

        return new PostgresDatabase(dataSource, signal, logger ?? NullLogger.Instance, time);
    }

    public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RetryCrossedAsync(
            async () =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var result = await work(connection, transaction);

                // Not cancelled half-way: a commit that may or may not have happened is worse than a late one.
                await transaction.CommitAsync(CancellationToken.None);
                return result;
            });

    /// <summary>An implicit transaction: one statement, or one batch (Npgsql sends it with one Sync).</summary>
    public override Task<T> WriteOnceAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> work, CancellationToken cancellationToken) =>
        RetryCrossedAsync(
            async () =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                return await work(connection, null);
            });

    public override async Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
    }

    /// <summary>Embedded <c>Postgres/Schema/NNN_name.sql</c> files, in version order.</summary>
    internal static IReadOnlyList<(int Version, string Name, string Sql)> SchemaScripts() => Sql.SchemaScripts.Load("Postgres");

    /// <summary>A NOTIFY, delivered to listeners when (and only if) the transaction commits.</summary>
    internal override SqlStatement? JobsRunnable(int jobs) => new(
        "SELECT pg_notify(@channel, @payload)",
        ("@channel", System.Data.DbType.String, JobsChannel),
        ("@payload", System.Data.DbType.String, PostgresJobListener.Payload(InstanceId, jobs)));

    /// <summary>A group of deliveries in one round trip (<see cref="PostgresDeliveryGroup"/>).</summary>
    internal override async Task<bool> RecordGroupAsync(IReadOnlyList<SqlPendingDelivery> group, long now, int refusedCap)
    {
        return await WriteOnceAsync(
            async (connection, _) =>
            {
                await PostgresDeliveryGroup.WriteAsync((NpgsqlConnection)connection, group, now, refusedCap, InstanceId);
                return true;
            },
            CancellationToken.None);
    }

    /// <summary>Host, port, database and user: enough to find the server, nothing secret.</summary>
    internal static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host}:{b.Port.ToString(CultureInfo.InvariantCulture)}, database '{b.Database}', user '{b.Username}'";
        }
        catch (ArgumentException)
        {
            return "the configured server";
        }
    }

    /// <summary>Runs <paramref name="write"/>, again when two instances' transactions crossed (the loser was rolled back whole).</summary>
    private static async Task<T> RetryCrossedAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < MaxWriteAttempts)
            {
                // Nothing of the write is left: it runs again from the start.
            }
        }
    }

    private static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({SchemaLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
            await using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection);
            var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            foreach (var (version, name, sql) in SchemaScripts())
            {
                if (version <= current)
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, sql, cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES (@v, @n)", connection, transaction))
                {
                    record.Parameters.AddWithValue("v", version);
                    record.Parameters.AddWithValue("n", name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({SchemaLockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
