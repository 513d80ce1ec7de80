using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Automations.Host.Cli;

/// <summary>
/// The engine's <c>/api</c> from the terminal: where it is and which key to show. The key is <c>--key</c>,
/// else <c>AUTOMATIONS_API_KEY</c>, else the first of <c>Automations:Api:Keys</c>, else the one the engine
/// generated in its data directory. Errors are one line on standard error, never the key.
/// </summary>
internal sealed class ApiClient(Uri baseAddress, string key) : IDisposable
{
    public const string KeyVariable = "AUTOMATIONS_API_KEY";

    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

    public Uri BaseAddress => baseAddress;

    public string Key => key;

    public static ApiClient? Create(string? url, string? key, string? dataDir, IConfiguration configuration)
    {
        key ??= Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : configuration["Automations:Api:Keys:0"];
        if (string.IsNullOrWhiteSpace(key))
        {
            var file = Path.Combine(Path.GetFullPath(dataDir ?? configuration["Automations:DataDir"] ?? "./.automations"), "api-key");
            key = File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            Console.Error.WriteLine($"sessions: no API key: pass --key, set {KeyVariable}, or run where the engine's data directory is (--data-dir)");
            return null;
        }

        return new ApiClient(new Uri((url ?? ServeCommand.DefaultUrl).TrimEnd('/') + "/"), key);
    }

    /// <summary>The answer's JSON, or null after one line on standard error saying what went wrong.</summary>
    public async Task<JsonElement?> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.SendAsync(new HttpRequestMessage(method, path.TrimStart('/')), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
            if (response.IsSuccessStatusCode)
            {
                return json;
            }

            var detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var d) ? d.GetString() : response.ReasonPhrase;
            await Console.Error.WriteLineAsync($"sessions: {(int)response.StatusCode} {detail}");
            return null;
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            await Console.Error.WriteLineAsync($"sessions: no engine is listening at {baseAddress.GetLeftPart(UriPartial.Authority)}: start one with 'automations serve', or pass --url");
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"sessions: {baseAddress.GetLeftPart(UriPartial.Authority)}: {ex.Message}");
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
