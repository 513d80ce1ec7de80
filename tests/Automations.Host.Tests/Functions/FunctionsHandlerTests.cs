using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Functions;

/// <summary>What the tests of the Functions handler share: a setup of their own, and the handler they started, stopped at the end.</summary>
public abstract class FunctionsHandlerTests : IAsyncLifetime
{
    protected EngineSetup Setup { get; } = new();

    protected FunctionsHandlerProcess? Handler { get; set; }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (Handler is not null)
        {
            await Handler.DisposeAsync();
        }

        Setup.Dispose();
    }
}
