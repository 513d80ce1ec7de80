using System.Text;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Host.Deliveries;
using Automations.Host.Tests.Sessions;
using Automations.Storage.Sql;
using Automations.Testing;

namespace Automations.Host.Tests.Deliveries;

/// <summary>A stored delivery read back for its page and for a replay, on a real SQLite store.</summary>
public sealed class DeliveryDetailTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly SqliteDeliveries _store;

    public DeliveryDetailTests() => _store = new SqliteDeliveries("delivery-detail", _time);

    private SqlDeliveryStore Deliveries => _store.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task StoredAsync_APackedBody_IsReadOnce_AndItsEventIsTheOneStored()
    {
        // Over 512 bytes of JSON: the store packs it, so a second read would unpack it again.
        var body = Encoding.UTF8.GetBytes("{\"action\":\"labeled\",\"label\":{\"name\":\"autofix\"},\"issue\":{\"number\":7,\"body\":\"" + new string('x', 4000) + "\"}}");
        var triggerEvent = new TriggerEvent
        {
            Source = "github", DeliveryId = "d-detail", Kind = "github.issues.labeled", Repository = "acme/web", OccurredAt = _time.GetUtcNow(),
            Subject = new EventSubject { Type = "issue", Number = 7, Title = "Checkout crashes" }, Payload = default,
        };
        await Deliveries.RecordAsync(
            new DeliveryRecord
            {
                Source = "github", DeliveryId = "d-detail", ReceivedAt = _time.GetUtcNow(), Status = DeliveryStatus.Unmatched, Kind = triggerEvent.Kind,
                HeadersJson = "{}", Body = body, EventJson = triggerEvent.ToEnvelopeJson(),
            },
            [],
            CancellationToken.None);
        var counting = new CountingDeliveryStore(Deliveries);
        var delivery = (await Deliveries.GetAsync("github", "d-detail", CancellationToken.None))!;

        var (read, stored, error) = await DeliveryDetail.StoredAsync(delivery, counting, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(body, read);
        Assert.Equal(0, counting.EventReads);
        Assert.Equal(("github.issues.labeled", "acme/web", "autofix"), (stored!.Kind, stored.Repository, stored.Payload.GetProperty("label").GetProperty("name").GetString()));
        Assert.Equal((await Deliveries.GetEventAsync("github", "d-detail", CancellationToken.None))!.ToEnvelopeJson(), stored.ToEnvelopeJson());
    }
}
