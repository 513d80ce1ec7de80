using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>
/// A real git smart-HTTP server on 127.0.0.1: <c>git http-backend</c> behind a small CGI bridge,
/// serving the repositories under a folder at <c>/{owner}/{name}.git</c>. Every request must carry
/// <c>Authorization: Basic</c> with the expected user and token, else it gets 401 as GitHub would.
/// While git's request is in flight, it looks at every process's command line for the token.
/// </summary>
public sealed class GitHttpServer : FakeServer
{
    private readonly string _root;
    private readonly string _expectedAuthorization;
    private readonly string _token;

    private GitHttpServer(string root, string username, string token)
    {
        _root = root;
        _token = token;
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{token}"));
    }

    /// <summary>True when, during any request, some process's command line held the token.</summary>
    public bool TokenSeenOnACommandLine { get; private set; }

    /// <summary>Packs are binary: the requests are kept without their bodies.</summary>
    protected override bool RecordsBodies => false;

    public static async Task<GitHttpServer> StartAsync(string root, string username, string token)
    {
        var server = new GitHttpServer(root, username, token);
        await server.StartServerAsync();
        return server;
    }

    protected override void Map(WebApplication app) => app.Run(HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (Scripts.AnyProcessWith(_token))
        {
            TokenSeenOnACommandLine = true;
        }

        if (request.Headers.Authorization.ToString() != _expectedAuthorization)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            return;
        }

        await RunBackendAsync(context);
    }

    /// <summary>CGI: the request as environment and standard input, the answer as headers, a blank line and the body.</summary>
    private async Task RunBackendAsync(HttpContext context)
    {
        var request = context.Request;
        var start = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        start.Environment["GIT_PROJECT_ROOT"] = _root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = _root;
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = request.Path.Value ?? "/";
        start.Environment["QUERY_STRING"] = request.QueryString.Value?.TrimStart('?') ?? string.Empty;
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? string.Empty;
        start.Environment["REMOTE_USER"] = "git";
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        if (request.ContentLength is { } length)
        {
            start.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Headers.ContentEncoding.Count > 0)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = request.Headers.ContentEncoding.ToString();
        }

        if (request.Headers.TryGetValue("Git-Protocol", out var protocol))
        {
            start.Environment["GIT_PROTOCOL"] = protocol.ToString();
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(context.RequestAborted);
        var input = CopyInputAsync(request.Body, process.StandardInput.BaseStream, context.RequestAborted);
        var output = process.StandardOutput.BaseStream;
        var headers = await ReadHeadersAsync(output, context.RequestAborted);
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers.Append(name, value);
            }
        }

        await output.CopyToAsync(context.Response.Body, context.RequestAborted);
        await input;
        await process.WaitForExitAsync(context.RequestAborted);
        _ = await errors;
    }

    private static async Task CopyInputAsync(Stream body, Stream stdin, CancellationToken cancellationToken)
    {
        await body.CopyToAsync(stdin, cancellationToken);
        stdin.Close();
    }

    private static async Task<List<(string Name, string Value)>> ReadHeadersAsync(Stream output, CancellationToken cancellationToken)
    {
        var headers = new List<(string, string)>();
        var line = new List<byte>();
        var one = new byte[1];
        while (await output.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] != '\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                break;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            headers.Add((text[..colon].Trim(), text[(colon + 1)..].Trim()));
        }

        return headers;
    }
}
