using Automations.Core.Ports;

namespace Automations.Storage.Tests.Stores;

/// <summary>The registry of engine instances: registration, heartbeats, a stop, and the pruning of the silent. Run on every store.</summary>
public abstract class InstanceRegistryTests(IStoreProvider provider)
{
    private static EngineInstance Instance(string id, DateTimeOffset startedAt, params string[] roles) => new()
    {
        Id = id,
        HostName = "box-" + id,
        ProcessId = 4242,
        Roles = roles,
        Concurrency = 3,
        StartedAt = startedAt,
    };

    [StoreFact]
    public async Task BeatAsync_TwoInstancesOfOneStore_EachSeesBoth_WithTheirHeartbeats()
    {
        await using var first = await provider.OpenAsync();
        await using var second = await provider.OpenAnotherAsync(first);
        var started = first.Time.GetUtcNow();

        await first.Instances.BeatAsync(Instance("a", started, "worker", "scheduler", "api"), CancellationToken.None);
        first.Time.Advance(TimeSpan.FromSeconds(5));
        await second.Instances.BeatAsync(Instance("b", first.Time.GetUtcNow(), "api"), CancellationToken.None);
        first.Time.Advance(TimeSpan.FromSeconds(10));
        await first.Instances.BeatAsync(Instance("a", started, "worker", "scheduler", "api"), CancellationToken.None);

        foreach (var store in new[] { first, second })
        {
            var listed = await store.Instances.ListAsync(CancellationToken.None);
            Assert.Equal(["a", "b"], listed.Select(i => i.Id));
            Assert.Equal(["worker", "scheduler", "api"], listed[0].Roles);
            Assert.Equal(("box-a", 4242, 3, started), (listed[0].HostName, listed[0].ProcessId, listed[0].Concurrency, listed[0].StartedAt));
            Assert.Equal(started.AddSeconds(15), listed[0].HeartbeatAt);
            Assert.Equal(started.AddSeconds(5), listed[1].HeartbeatAt);
        }
    }

    [StoreFact]
    public async Task RemoveAndPrune_TakeOutTheStoppedAndTheSilent_AndABeatComesBack()
    {
        await using var store = await provider.OpenAsync();
        var start = store.Time.GetUtcNow();
        await store.Instances.BeatAsync(Instance("stopped", start, "api"), CancellationToken.None);
        await store.Instances.BeatAsync(Instance("silent", start, "worker"), CancellationToken.None);
        store.Time.Advance(TimeSpan.FromHours(25));
        await store.Instances.BeatAsync(Instance("alive", start, "worker"), CancellationToken.None);

        Assert.True(await store.Instances.RemoveAsync("stopped", CancellationToken.None));
        Assert.False(await store.Instances.RemoveAsync("stopped", CancellationToken.None));
        Assert.Equal(1, await store.Instances.PruneAsync(store.Time.GetUtcNow() - TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Equal(["alive"], (await store.Instances.ListAsync(CancellationToken.None)).Select(i => i.Id));

        // An instance that was only slow registers itself again with its next heartbeat.
        await store.Instances.BeatAsync(Instance("silent", start, "worker"), CancellationToken.None);
        Assert.Equal(["alive", "silent"], (await store.Instances.ListAsync(CancellationToken.None)).Select(i => i.Id));
    }
}
