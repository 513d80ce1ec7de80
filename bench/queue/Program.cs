using Automations.Bench.Queue;

// bench-queue run     --connection CS [--jobs N] [--workers W] [--instances I] [--latency-jobs M] [--rate R]
// bench-queue machine --connection CS   (what it runs on)
// bench-queue consume --connection CS --workers W --mode drain|latency   (started by `run`, one per instance)
var options = Options.Parse(args.Skip(1).ToArray());
return args.FirstOrDefault() switch
{
    "run" => await EngineRun.RunAsync(options),
    "consume" => await EngineConsumer.RunAsync(options),
    "machine" => await PrintMachineAsync(options),
    _ => Usage(),
};

static async Task<int> PrintMachineAsync(Options options)
{
    await using var connection = new Npgsql.NpgsqlConnection(options.Connection);
    await connection.OpenAsync();
    await using var version = new Npgsql.NpgsqlCommand("SHOW server_version", connection);
    foreach (var line in Machine.Describe($"PostgreSQL {await version.ExecuteScalarAsync()}"))
    {
        Console.WriteLine(line);
    }

    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: bench-queue run --connection CS [--jobs N] [--workers W] [--instances I] [--latency-jobs M] [--rate R]");
    return 2;
}
