using Automations.Testing;

namespace Automations.Storage.Tests.Stores;

/// <summary>Where a suite's stores come from: each call gives a fresh, empty store.</summary>
public interface IStoreProvider
{
    Task<StoreFixture> OpenAsync(QueueOptions? queueOptions = null);

    /// <summary>A second instance on the same database as <paramref name="first"/>, on the same clock.</summary>
    Task<StoreFixture> OpenAnotherAsync(StoreFixture first, QueueOptions? queueOptions = null);
}
