using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// The real <c>automations functions</c> executable, started as the Functions host starts a custom handler:
/// a free loopback port in <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, the app settings as environment variables, and
/// requests to <c>/</c> until it answers. Tests then call it as the host does: <c>POST /{function}</c> with
/// <c>{"Data", "Metadata"}</c>, and the <c>api</c> function's requests forwarded as they came.
/// </summary>
public sealed class FunctionsHandlerProcess : IAsyncDisposable
{
    public const string ApiKey = "functions-test-key";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private FunctionsHandlerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

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

    /// <summary>Starts the handler in <paramref name="dataDir"/> with <paramref name="settings"/> and waits until <c>/</c> answers.</summary>
    public static async Task<FunctionsHandlerProcess> StartAsync(string dataDir, string automationsDir, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var startInfo = Start(dataDir, ["functions", "--data-dir", dataDir, "--automations", automationsDir]);
        startInfo.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["Automations__Api__Keys__0"] = ApiKey;
        startInfo.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return await AttachAsync(Process.Start(startInfo)!, port);
    }

    /// <summary>A handler started some other way (a published executable), once <c>/</c> answers.</summary>
    public static async Task<FunctionsHandlerProcess> AttachAsync(Process process, int port)
    {
        var handler = new FunctionsHandlerProcess(process, port);
        try
        {
            await handler.WaitReadyAsync();
        }
        catch
        {
            await handler.DisposeAsync();
            throw;
        }

        return handler;
    }

    /// <summary>Runs the executable with <paramref name="arguments"/> to its end: its exit code and all it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var (exitCode, output, error) = await Cli.CommandLine.RunAsync(workingDirectory, environment, arguments);
        return (exitCode, output + error);
    }

    /// <summary>A fixture from <c>Payloads/functions</c>, as a mutable JSON tree.</summary>
    public static JsonObject Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "functions", name)))!.AsObject();

    /// <summary>Calls <c>POST /{function}</c> as the host does; the answer's status, content type and JSON (default when it is none).</summary>
    public async Task<InvocationResult> InvokeAsync(string function, JsonNode invocation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + function)
        {
            Content = new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.300.0");
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1040.300.0");
        return await SendAsync(request);
    }

    /// <summary>Posts raw text to <c>POST /{function}</c>, for invocations that are not JSON.</summary>
    public async Task<InvocationResult> PostRawAsync(string function, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + function) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await SendAsync(request);
    }

    /// <summary>
    /// A request to the <c>api</c> function as the host forwards it (<c>enableForwardingHttpRequest</c>): the
    /// original method, path, headers and body, plus the host's invocation headers; the answer as it came.
    /// </summary>
    public async Task<ForwardedResult> ApiAsync(string method, string pathAndQuery, string? key = ApiKey, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api" + pathAndQuery);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new ForwardedResult((int)response.StatusCode, body, response.Headers, text);
    }

    /// <summary>A plain request to the handler, such as the host's readiness check.</summary>
    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task<InvocationResult> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement json = default;
        try
        {
            json = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        return new InvocationResult((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, json, text, Output);
    }

    private static ProcessStartInfo Start(string workingDirectory, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "automations.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private async Task WaitReadyAsync()
    {
        // As the host does: any HTTP answer from / means ready; only a refused connection means not yet.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The handler exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await _http.GetAsync("/");
                return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The handler never answered /:\n{Output}");
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
