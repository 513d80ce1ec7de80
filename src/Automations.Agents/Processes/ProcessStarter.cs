using System.Collections.Concurrent;
using System.Diagnostics;

namespace Automations.Agents.Processes;

/// <summary>
/// Starts processes from one thread that lives as long as the engine. A sandbox dies with its parent
/// (bubblewrap's <c>--die-with-parent</c>, <c>PR_SET_PDEATHSIG</c>), and the kernel takes the parent to be
/// the thread that forked it, not the process: started from a thread-pool thread, a sandbox was killed
/// whenever the pool retired that thread, in the middle of an agent's run.
/// </summary>
internal static class ProcessStarter
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = [];

    static ProcessStarter()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "process starter" };
        thread.Start();
    }

    /// <summary>Starts <paramref name="process"/> on the starter thread.</summary>
    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((process, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (process, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
