using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Automations.Bench.Console;

/// <summary>A person's browser, as far as the server can tell: signed in on /sign-in with the key, its cookie kept.</summary>
internal sealed partial class SignedInClient : IDisposable
{
    private readonly HttpClient _http;

    private SignedInClient(HttpClient http) => _http = http;

    public static async Task<SignedInClient> SignInAsync(Uri address)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var token = TokenField().Match(await http.GetStringAsync("/sign-in")).Groups[1].Value;
        using var signIn = await http.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = Engine.ApiKey }));
        if (signIn.StatusCode != HttpStatusCode.Redirect || signIn.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"sign-in answered {(int)signIn.StatusCode} {signIn.Headers.Location}");
        }

        return new SignedInClient(http);
    }

    /// <summary>One GET, read to its end: milliseconds and bytes. Anything but 200 is an error, with what must be on the page.</summary>
    public async Task<(double Milliseconds, long Bytes)> GetAsync(string path, string mustContain)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains(mustContain, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} without '{mustContain}'");
        }

        return (elapsed, body.Length);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
