using System.Diagnostics;

namespace Automations.Testing;

/// <summary>Waits for a condition that another process makes true, where there is no signal to wait on.</summary>
public static class Waiting
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0}s for {what ?? "the condition"}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>As <see cref="UntilAsync(Func{bool}, TimeSpan, string?)"/>, for a condition read over the network (an engine's API).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0}s for {what ?? "the condition"}.");
            }

            await Task.Delay(50);
        }
    }
}
