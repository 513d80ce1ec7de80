using System.Net;
using System.Text;
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
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            FakeFailure? failure = null;
            lock (_gate)
            {
                var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, headers, body);
                _requests.Add(request);
                var index = _failures.FindIndex(f => f.Matching is null || f.Matching(request));
                if (index >= 0)
                {
                    failure = _failures[index].Failure;
                    _failures.RemoveAt(index);
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

            await next(context);
        });
        Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.EndsWith('/') ? address : address + "/");
        _app = app;
    }

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
