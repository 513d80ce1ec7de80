using System.Data.Common;

namespace Automations.Storage.Sql;

/// <summary>
/// A database the SQL store runs on, and the few things its dialect says differently. The stores
/// (<see cref="SqlDeliveryStore"/>, <see cref="SqlJobQueue"/>, <see cref="SqlSessionStore"/>,
/// <see cref="SqlSessionLocks"/>) hold every statement both databases share; a dialect adds how to write
/// (SQLite: one writer behind an in-process gate; PostgreSQL: pooled connections), its row-locking
/// clauses, and how other instances learn that jobs are waiting.
/// </summary>
public abstract class SqlDatabase : IAsyncDisposable
{
    /// <summary>Runs <paramref name="work"/> in one transaction and commits it; a throw rolls it back.</summary>
    public abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/>, one statement or one batch of them that is atomic by itself, without
    /// a transaction of its own where the database allows it: one round trip fewer than
    /// <see cref="WriteAsync"/> on a database across the network.
    /// </summary>
    public virtual Task<T> WriteOnceAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    /// <summary>An open connection for reads. Dispose it after use.</summary>
    public abstract Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Whether the store packs a delivery's body before writing it (<see cref="DeliveryBody"/>); false where
    /// the database compresses it itself.
    /// </summary>
    internal virtual bool PacksBodies => false;

    /// <summary>The column that orders deliveries by arrival.</summary>
    internal abstract string ArrivalColumn { get; }

    /// <summary>Appended to a query whose rows the transaction will change, so that two writers do not both act on them.</summary>
    internal abstract string LockRows { get; }

    /// <summary>Like <see cref="LockRows"/>, but rows another transaction holds are passed over (taking jobs).</summary>
    internal abstract string LockRowsSkipLocked { get; }

    /// <summary>
    /// What a transaction that makes <paramref name="jobs"/> jobs runnable now runs last, so that other
    /// instances are told when it commits; null where there is nobody to tell.
    /// </summary>
    internal virtual SqlStatement? JobsRunnable(int jobs) => null;

    /// <summary>
    /// Writes <paramref name="group"/>, with the sessions, events and jobs of its new deliveries, and sets each
    /// one's result, in one statement of the dialect's own; false, with nothing written, where the dialect has
    /// none and <see cref="SqlDeliveryStore"/> writes the group in steps.
    /// </summary>
    internal virtual Task<bool> RecordGroupAsync(IReadOnlyList<SqlPendingDelivery> group, long now, int refusedCap) => Task.FromResult(false);

    /// <summary>Runs <see cref="JobsRunnable"/> in the transaction, if the dialect has one.</summary>
    internal async Task JobsRunnableAsync(DbConnection connection, DbTransaction transaction, int jobs, CancellationToken cancellationToken)
    {
        if (JobsRunnable(jobs) is { } statement)
        {
            await SqlCommands.ExecuteAllAsync(connection, transaction, [statement], cancellationToken);
        }
    }
}
