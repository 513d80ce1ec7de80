using System.Text;
using Automations.Bench.Reference;

// The two reference servers of the ingest benchmark (see BENCHMARKS.md):
//   ceiling: answers 202 to every POST /webhooks/github without looking at it.
//   floor:   reads the body, checks X-Hub-Signature-256, makes one SQLite insert per request, answers 202.
// Usage: bench-reference <ceiling|floor> --urls http://127.0.0.1:PORT [--data-dir DIR] [--secret SECRET]
// The secret may come from BENCH_WEBHOOK_SECRET instead of --secret.
const string Usage = "usage: bench-reference <ceiling|floor> --urls http://127.0.0.1:PORT [--data-dir DIR] [--secret SECRET]";

if (args.Length == 0 || args[0] is not (ReferenceModes.Ceiling or ReferenceModes.Floor))
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

var mode = args[0];
var builder = WebApplication.CreateBuilder(args[1..]);

// A log line per request would measure the console, not the endpoint.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = FloorEndpoint.MaxBodyBytes);

var app = builder.Build();
app.MapGet("/healthz", () => TypedResults.Text("ok"));

if (mode == ReferenceModes.Ceiling)
{
    app.MapPost("/webhooks/github", () => TypedResults.StatusCode(StatusCodes.Status202Accepted));
}
else
{
    var dataDir = builder.Configuration["data-dir"];
    var secret = builder.Configuration["secret"] ?? Environment.GetEnvironmentVariable("BENCH_WEBHOOK_SECRET");
    if (string.IsNullOrEmpty(dataDir) || string.IsNullOrEmpty(secret))
    {
        await Console.Error.WriteLineAsync("floor needs --data-dir and a secret (--secret or BENCH_WEBHOOK_SECRET).");
        await Console.Error.WriteLineAsync(Usage);
        return 2;
    }

    Directory.CreateDirectory(dataDir);
    var store = FloorStore.Open(Path.Combine(dataDir, "floor.db"), TimeProvider.System);
    app.Lifetime.ApplicationStopped.Register(store.Dispose);

    var endpoint = new FloorEndpoint(Encoding.UTF8.GetBytes(secret), store);
    app.MapPost("/webhooks/github", (Func<HttpContext, Task<IResult>>)endpoint.HandleAsync);
}

await app.RunAsync();
return 0;
