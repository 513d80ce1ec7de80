using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Automations.Testing.Fakes;

/// <summary>
/// A small provider server on 127.0.0.1 (a free port) for tests: it records every request it gets,
/// and answers the next requests with injected failures when told to, before doing what they ask.
/// </summary>
public abstract class FakeServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(FakeFailure Failure, Func<RecordedRequest, bool>? Matching)> _failures = [];
    private readonly List<(Func<RecordedRequest, bool> Matching, bool AfterHandling, TaskCompletionSource Held, TaskCompletionSource Release)> _holds = [];
    private WebApplication? _app;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> requests (those <paramref name="matching"/> says, when given)
    /// get <paramref name="failure"/> and change nothing.
    /// </summary>
    public void FailNext(int count, FakeFailure failure, Func<RecordedRequest, bool>? matching = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _failures.Add((failure, matching));
            }
        }
    }

    /// <summary>
    /// The next request <paramref name="matching"/> waits until the answer's release is called: before it
    /// does anything, so that a client that goes away meanwhile (a killed engine) changed nothing; or, with
    /// <paramref name="afterHandling"/>, after it did what it asks, so that the client dies without the
    /// answer. The answer's first task completes when such a request arrives.
    /// </summary>
    public (Task Held, Action Release) HoldNext(Func<RecordedRequest, bool> matching, bool afterHandling = false)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _holds.Add((matching, afterHandling, held, release));
        }

        return (held.Task, () => release.TrySetResult());
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == path).ToList();

    protected async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            byte[] body = [];
            if (RecordsBodies)
            {
                context.Request.EnableBuffering();
                using var copy = new MemoryStream();
                await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
                body = copy.ToArray();
                context.Request.Body.Position = 0;
            }

            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            FakeFailure? failure = null;
            TaskCompletionSource? release = null;
            var holdAfter = false;
            lock (_gate)
            {
                var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, headers, body);
                _requests.Add(request);
                var hold = _holds.FindIndex(h => h.Matching(request));
                if (hold >= 0)
                {
                    release = _holds[hold].Release;
                    holdAfter = _holds[hold].AfterHandling;
                    _holds[hold].Held.TrySetResult();
                    _holds.RemoveAt(hold);
                }

                var index = _failures.FindIndex(f => f.Matching is null || f.Matching(request));
                if (index >= 0)
                {
                    failure = _failures[index].Failure;
                    _failures.RemoveAt(index);
                }
            }

            if (release is not null && !holdAfter)
            {
                await Task.WhenAny(release.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return;
                }
            }

            if (failure is not null)
            {
                context.Response.StatusCode = failure.Status;
                foreach (var (name, value) in failure.Headers)
                {
                    context.Response.Headers[name] = value;
                }

                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(failure.Body, context.RequestAborted);
                return;
            }

            if (release is not null && holdAfter)
            {
                var answer = context.Response.Body;
                using var buffered = new MemoryStream();
                context.Response.Body = buffered;
                await next(context);
                await Task.WhenAny(release.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
                context.Response.Body = answer;
                if (!context.RequestAborted.IsCancellationRequested)
                {
                    buffered.Position = 0;
                    await buffered.CopyToAsync(answer, context.RequestAborted);
                }

                return;
            }

            await next(context);
        });
        Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.EndsWith('/') ? address : address + "/");
        _app = app;
    }

    /// <summary>Whether <see cref="Requests"/> keep the bodies; a server of large binary bodies (git packs) does not.</summary>
    protected virtual bool RecordsBodies => true;

    /// <summary>The provider's routes.</summary>
    protected abstract void Map(WebApplication app);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
