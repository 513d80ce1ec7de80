using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sources;
using Automations.Core.Sources.GitHub;
using Automations.Storage.Sql;
using Automations.Host.Tests.Deliveries;
using Automations.Testing;

namespace Automations.Host.Tests.Ingest;

/// <summary>A refusal is recorded when the store can take it, and stays a refusal when it cannot.</summary>
public sealed class RefusalRecordTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly SqliteDeliveries _store;

    public RefusalRecordTests() => _store = new SqliteDeliveries("refusals", _time);

    private SqlDeliveryStore Deliveries => _store.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private IngestPipeline Pipeline() => new([new GitHubSource()], new NoSecrets(), new FixedCatalog(), Deliveries, _time);

    private static WebhookRequest Forged() => new(
        "github",
        WebhookRequest.HeadersOf([new("X-GitHub-Event", "issues"), new("X-GitHub-Delivery", "d1"), new("X-Hub-Signature-256", "sha256=00"), new("Authorization", "Bearer k")]),
        "{}"u8.ToArray());

    [Fact]
    public async Task IngestAsync_NoSecret_IsRefusedAndRecordedWithoutTheSignatureOrKey()
    {
        var result = await Pipeline().IngestAsync(Forged(), CancellationToken.None);

        Assert.Equal((IngestOutcome.Unauthorized, "refused", false), (result.Outcome, result.Status, result.Unrecorded));
        var refused = Assert.Single(await Deliveries.ListAsync(new DeliveryQuery { Outcome = DeliveryStatus.Refused }, CancellationToken.None));
        Assert.Equal("no secret is configured for this source, so every delivery is refused", refused.Error);
        Assert.Equal("""{"X-GitHub-Event":"issues","X-GitHub-Delivery":"d1"}""", refused.HeadersJson);
    }

    [Fact]
    public async Task IngestAsync_StoreShutDown_IsStillRefusedNotAnError()
    {
        await Deliveries.DisposeAsync();

        var result = await Pipeline().IngestAsync(Forged(), CancellationToken.None);

        Assert.Equal((IngestOutcome.Unauthorized, true), (result.Outcome, result.Unrecorded));
    }

    private sealed class NoSecrets : IWebhookSecrets
    {
        public string? For(WebhookRequest request) => null;
    }
}
