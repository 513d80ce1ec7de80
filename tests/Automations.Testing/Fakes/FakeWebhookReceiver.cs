using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>Anything that takes webhooks: every POST is recorded and answered 204.</summary>
public sealed class FakeWebhookReceiver : FakeServer
{
    private FakeWebhookReceiver()
    {
    }

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var server = new FakeWebhookReceiver();
        await server.StartServerAsync();
        return server;
    }

    protected override void Map(WebApplication app) => app.MapPost("/{**path}", () => Results.NoContent());
}
