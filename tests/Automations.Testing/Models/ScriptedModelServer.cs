using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Automations.Testing.Models;

/// <summary>
/// A model API on 127.0.0.1 that answers a real agent command line from a script instead of a model:
/// the base of <see cref="ScriptedAnthropic"/> (Claude Code) and <see cref="ScriptedOpenAI"/> (Codex).
/// It records every request, and can fail the next ones with an error status, as an overloaded API does.
/// </summary>
public abstract class ScriptedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failures;
    private int _failureStatus;

    protected ScriptedModelServer(ModelScript script, string path)
    {
        Script = script;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            if (context.Request.Method == HttpMethods.Head)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            await next(context);
        });
        _app.MapPost(path, context => HandleAsync(context));
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Urls.First();
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>What the model answers. Tests may swap it between turns.</summary>
    public ModelScript Script { get; set; }

    /// <summary>Every request body received, parsed, with the headers that name the agent's session.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> and an error body.</summary>
    public void FailNext(int count, int status)
    {
        _failureStatus = status;
        Interlocked.Exchange(ref _failures, count);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Answers a request to the model's path.</summary>
    protected abstract Task HandleAsync(HttpContext context);

    /// <summary>Reads and records the request; false when it was answered with an injected failure.</summary>
    protected async Task<JsonElement?> ReadAsync(HttpContext context, string? sessionHeader, Func<int, object> errorBody)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var body = document.RootElement.Clone();
        Requests.Enqueue(new RecordedRequest(context.Request.Path, sessionHeader is null ? null : context.Request.Headers[sessionHeader].ToString(), body));
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            context.Response.StatusCode = _failureStatus;
            await context.Response.WriteAsJsonAsync(errorBody(_failureStatus), context.RequestAborted);
            return null;
        }

        Interlocked.Exchange(ref _failures, 0);
        return body;
    }

    protected static async Task EventAsync(HttpResponse response, string name, object data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    protected static void StartEvents(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
    }

    protected static Task HangAsync(CancellationToken cancellationToken) =>
        Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
}

/// <summary>A request the scripted model received.</summary>
/// <param name="Path">The request path.</param>
/// <param name="Session">The agent's session id as its header sent it (Claude's <c>X-Claude-Code-Session-Id</c>, Codex's <c>session-id</c>).</param>
/// <param name="Body">The JSON body.</param>
public sealed record RecordedRequest(string Path, string? Session, JsonElement Body);
