using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Storage.Postgres;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;

namespace Automations.Host.Configuration;

/// <summary>
/// The one place that knows which database the store runs on (<c>Automations:Store:Provider</c>). Everything
/// else sees the ports, over one SQL store.
/// </summary>
internal static class StoreDatabase
{
    public static SqlDatabase Open(AutomationsOptions options, WorkSignal? signal, ILoggerFactory loggers, TimeProvider time) =>
        options.Store.Provider switch
        {
            // At start, before anything is served: waiting here is what a failed start needs.
            "postgres" => PostgresDatabase.OpenAsync(options.Store.ConnectionString!, signal, loggers.CreateLogger<PostgresDatabase>(), time, CancellationToken.None).GetAwaiter().GetResult(),
            _ => SqliteDatabase.Open(string.IsNullOrWhiteSpace(options.Store.ConnectionString) ? options.DataPath("automations.db") : options.Store.ConnectionString),
        };

    /// <summary>
    /// The pushes this instance goes by: PostgreSQL's, which every instance notes and hears of, when serving; else
    /// (one SQLite instance, or a Functions handler, which listens for nothing) the ones this process heard of.
    /// </summary>
    public static IBranchPushes Pushes(SqlDatabase database, HostMode mode) =>
        database is PostgresDatabase postgres && mode == HostMode.Serve ? postgres.Pushes : new ProcessBranchPushes();
}
