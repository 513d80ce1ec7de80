using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// A cluster for a test: real <c>automations serve</c> processes on one fresh PostgreSQL database, each with a
/// data directory of its own (workspaces and mirrors stay local). Disposing stops every engine, then drops the
/// database.
/// </summary>
/// <param name="setup">The test's folders, definitions and agents.</param>
/// <param name="database">The name the database starts with.</param>
public sealed class EngineCluster(EngineSetup setup, string database) : IAsyncDisposable
{
    private readonly List<EngineProcess> _engines = [];
    private PostgresTestDatabase? _database;

    /// <summary>The engines started so far, in the order they started.</summary>
    public IReadOnlyList<EngineProcess> Engines => _engines;

    /// <summary>The database's connection string, once the first engine started.</summary>
    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("No engine has started yet.");

    /// <summary>Starts instance <paramref name="instance"/> with <paramref name="agent"/> and <paramref name="extra"/> settings.</summary>
    public async Task<EngineProcess> StartAsync(string instance, string agent, params (string Key, string Value)[] extra)
    {
        _database ??= await PostgresTestDatabase.CreateAsync(database);
        var dataDir = setup.Combine($"data-{instance}");
        Directory.CreateDirectory(dataDir);
        var engine = await EngineProcess.StartAsync(dataDir, setup.AutomationsDir, setup.Settings(agent, [
            ("Automations:Store:Provider", "postgres"),
            ("Automations:Store:ConnectionString", _database.ConnectionString),
            .. extra]));
        _engines.Add(engine);
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
