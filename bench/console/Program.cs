using System.Globalization;
using Automations.Bench;
using Automations.Bench.Console;
using Npgsql;

// The console under a big store: N sessions and M events seeded into SQLite and into PostgreSQL, the engine
// started on each, a person signed in, and GET / and GET /sessions/{id} (the session with the most events, and
// one that waits on a question) timed beside GET /healthz, interleaved in the same run.
var sessions = Option("--sessions", 100_000);
var events = Option("--events", 1_000_000);
var requests = Option("--requests", 200);
var stores = (Text("--stores") ?? "sqlite postgres").Split(' ', StringSplitOptions.RemoveEmptyEntries);
var engineDll = Path.GetFullPath(Text("--engine") ?? throw new InvalidOperationException("--engine <path to automations.dll> is required"));
var postgres = Text("--postgres");

System.Console.WriteLine("== machine");
foreach (var line in MachineInfo.Describe())
{
    System.Console.WriteLine(line);
}

var data = new SeedData(sessions, events, TimeProvider.System.GetUtcNow());
var waiting = data.Sessions.First(s => s.Status == "needs_input");
System.Console.WriteLine($"== data: {sessions:N0} sessions, {data.EventCount:N0} events; the long session has {data.LongSessionEvents:N0}; {requests} requests per target after 20 to warm up");
System.Console.WriteLine(string.Join('\t', "store", "target", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "KiB"));
foreach (var store in stores)
{
    var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"automations-bench-console-{Guid.NewGuid():N}")).FullName;
    var schema = $"bench_console_{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
    try
    {
        Dictionary<string, string> settings;
        TimeSpan seeding;
        if (store == "postgres")
        {
            var server = postgres ?? throw new InvalidOperationException("--postgres <Npgsql connection string> is required for the postgres store");
            await ExecuteAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
            var connection = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
            seeding = await Seeder.PostgresAsync(connection, data);
            settings = new() { ["Automations__Store__Provider"] = "postgres", ["Automations__Store__ConnectionString"] = connection };
        }
        else
        {
            seeding = await Seeder.SqliteAsync(Path.Combine(root, "automations.db"), data);
            settings = [];
        }

        System.Console.Error.WriteLine($"{store}: seeded in {seeding.TotalSeconds:0.0} s");
        await using var engine = await Engine.StartAsync(engineDll, root, settings);
        using var client = await SignedInClient.SignInAsync(engine.Address);
        (string Name, string Path, string Must)[] targets =
        [
            ("GET /healthz", "/healthz", string.Empty),
            ("GET /", "/", "data-checks=\"failed\""),
            ($"GET /sessions/{{id}} ({data.LongSessionEvents:N0} events)", $"/sessions/{data.LongSession.Id}", "data-transcript"),
            ("GET /sessions/{id} (a question)", $"/sessions/{waiting.Id}", "data-question"),
        ];
        var times = targets.Select(_ => new List<double>()).ToArray();
        var bytes = new long[targets.Length];
        for (var round = -20; round < requests; round++)
        {
            for (var t = 0; t < targets.Length; t++)
            {
                var (ms, size) = await client.GetAsync(targets[t].Path, targets[t].Must);
                if (round >= 0)
                {
                    times[t].Add(ms);
                    bytes[t] = size;
                }
            }
        }

        for (var t = 0; t < targets.Length; t++)
        {
            var sorted = times[t].Order().ToList();
            System.Console.WriteLine(string.Join('\t', store, targets[t].Name, sorted.Count, Ms(Percentiles.Of(sorted, 50)), Ms(Percentiles.Of(sorted, 95)), Ms(Percentiles.Of(sorted, 99)), Ms(sorted[^1]), (bytes[t] / 1024.0).ToString("0", CultureInfo.InvariantCulture)));
        }
    }
    finally
    {
        if (store == "postgres" && postgres is not null && Text("--keep") is null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(postgres, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }

        if (Text("--keep") is null)
        {
            Directory.Delete(root, recursive: true);
        }
        else
        {
            System.Console.Error.WriteLine($"{store}: kept {root} (schema {schema})");
        }
    }
}

return 0;

static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

int Option(string name, int fallback) => Text(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? Text(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
