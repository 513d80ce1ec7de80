using System.Diagnostics;
using System.Net.Sockets;

namespace Automations.Bench.Console;

/// <summary>The engine (<c>automations serve</c>) on a seeded store, on a free loopback port, with its worker and scheduler off: it only serves.</summary>
internal sealed class Engine : IAsyncDisposable
{
    public const string ApiKey = "bench-console-key";

    private readonly Process _process;

    private Engine(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<Engine> StartAsync(string engineDll, string dataDirectory, IReadOnlyDictionary<string, string> store)
    {
        var port = FreePort();
        var automations = Directory.CreateDirectory(Path.Combine(dataDirectory, "automations")).FullName;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDirectory };
        foreach (var a in new[] { engineDll, "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDirectory, "--automations", automations })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["Automations__Api__Keys__0"] = ApiKey;
        start.Environment["Automations__Worker__Enabled"] = "false";
        start.Environment["Automations__Scheduler__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in store)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { System.Console.Error.WriteLine($"engine: {line}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var engine = new Engine(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = engine.Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the engine exited with code {process.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return engine;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        await engine.DisposeAsync();
        throw new TimeoutException("the engine did not answer /healthz within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
