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

    /// <summary>An open connection for reads. Dispose it after use.</summary>
    public abstract Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>The column that orders deliveries by arrival.</summary>
    internal abstract string ArrivalColumn { get; }

    /// <summary>Appended to a query whose rows the transaction will change, so that two writers do not both act on them.</summary>
    internal abstract string LockRows { get; }

    /// <summary>Like <see cref="LockRows"/>, but rows another transaction holds are passed over (taking jobs).</summary>
    internal abstract string LockRowsSkipLocked { get; }

    /// <summary>Called in a transaction that makes <paramref name="jobs"/> jobs runnable now: other instances may be told.</summary>
    internal virtual Task JobsRunnableAsync(DbConnection connection, DbTransaction transaction, int jobs, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
