using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// The real <c>automations</c> executable, started as a child process on a loopback port it chooses itself
/// (port 0, read back from its "listening on" line, so no other process can take the port in between), with
/// its own data directory. Tests talk to it over HTTP, and can stop it gently (SIGTERM) or kill it (SIGKILL).
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    public const string ApiKey = "test-api-key";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EngineProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the engine with <paramref name="settings"/> as configuration and waits for <c>/healthz</c>.</summary>
    public static async Task<EngineProcess> StartAsync(string dataDir, string automationsDir, IReadOnlyDictionary<string, string> settings, bool configureApiKey = true)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "automations.dll");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        foreach (var argument in new[] { host, "serve", "--urls", "http://127.0.0.1:0", "--data-dir", dataDir, "--automations", automationsDir })
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (configureApiKey)
        {
            startInfo.Environment["Automations__Api__Keys__0"] = ApiKey;
        }

        startInfo.Environment["Automations__Worker__PollInterval"] = "00:00:00.100";
        startInfo.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var engine = new EngineProcess(Process.Start(startInfo)!);
        try
        {
            engine.BaseAddress = await engine.WaitListeningAsync();
            engine.Http = new HttpClient { BaseAddress = engine.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            engine.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
            await engine.WaitHealthyAsync();
            return engine;
        }
        catch
        {
            // Nobody holds an engine that never became ready: stopped here, or it outlives the test run.
            await engine.DisposeAsync();
            throw;
        }
    }

    public async Task<HttpResponseMessage> PostGitHubAsync(string eventName, string deliveryId, byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path) =>
        await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Polls the session until <paramref name="until"/> holds for its JSON, or fails with the engine's output.</summary>
    public async Task<JsonElement> WaitForSessionAsync(string sessionId, Func<JsonElement, bool> until, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        JsonElement session = default;
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(90)))
        {
            session = await GetJsonAsync($"/api/sessions/{sessionId}");
            if (until(session))
            {
                return session;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Session {sessionId} never reached the expected state; last: {session}\nEngine output:\n{Output}");
    }

    /// <summary>Polls the session's events until its agent has printed <paramref name="line"/>: proof that the agent's
    /// script got that far, where a live process only proves that its sandbox started.</summary>
    public Task<JsonElement> WaitForAgentLineAsync(string sessionId, string line) =>
        WaitForSessionAsync(sessionId, _ => GetJsonAsync($"/api/sessions/{sessionId}/events").Result.EnumerateArray().Any(e =>
            e.GetProperty("type").GetString() == "token" && e.GetProperty("data").GetProperty("text").GetString()?.Trim() == line));

    /// <summary>SIGKILL: no grace, no cleanup, as a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it; waits for the process to exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        _ = Kill(_process.Id, 15);
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitHealthyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The engine exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The engine never became healthy:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The address the engine says it listens on, once it says so.</summary>
    private async Task<Uri> WaitListeningAsync()
    {
        const string Listening = "Automations is listening on ";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var line = Output.Split('\n').FirstOrDefault(l => l.StartsWith(Listening, StringComparison.Ordinal));
            if (line is not null)
            {
                return new Uri(line[Listening.Length..].Split(',')[0].Trim());
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The engine exited with {_process.ExitCode}:\n{Output}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The engine did not say where it listens within 60 s:\n{Output}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
