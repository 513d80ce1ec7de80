using Automations.Storage;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;
using Automations.Testing;

namespace Automations.Host.Tests.Deliveries;

/// <summary>A real SQLite store of deliveries in a folder of its own, for one test.</summary>
internal sealed class SqliteDeliveries : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    public SqliteDeliveries(string name, TimeProvider time)
    {
        _directory = new TempDirectory(name);
        Database = SqliteDatabase.Open(_directory.Combine("a.db"));
        Store = new SqlDeliveryStore(Database, new DeliveryStoreOptions(), time);
    }

    public SqliteDatabase Database { get; }

    public SqlDeliveryStore Store { get; }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Database.DisposeAsync();
        _directory.Dispose();
    }
}
