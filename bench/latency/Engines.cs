using System.Diagnostics;

namespace Automations.Bench.Latency;

/// <summary>One or more engines (<c>automations serve</c>) on one store, each on a free loopback port, its logs kept quiet.</summary>
internal sealed class Engines : IAsyncDisposable
{
    public const string ApiKey = "bench-latency-key";
    public const string Secret = "bench-latency-secret";

    private readonly List<Process> _processes = [];

    public List<HttpClient> Clients { get; } = [];

    public static async Task<Engines> StartAsync(string engineDll, string root, int count, IReadOnlyDictionary<string, string> settings)
    {
        var engines = new Engines();
        for (var i = 0; i < count; i++)
        {
            var data = Directory.CreateDirectory(Path.Combine(root, $"data-{i}")).FullName;
            var port = BenchProcesses.FreePort();
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
            foreach (var a in new[] { engineDll, "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", data, "--automations", Path.Combine(root, "automations") })
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["Automations__Api__Keys__0"] = ApiKey;
            start.Environment["Automations__Sources__GitHub__WebhookSecret"] = Secret;
            start.Environment["Automations__Scheduler__Enabled"] = "false";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            engines._processes.Add(process);
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
            engines.Clients.Add(http);
            await BenchProcesses.WaitHealthyAsync(http, process);
        }

        return engines;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        foreach (var client in Clients)
        {
            client.Dispose();
        }
    }
}
