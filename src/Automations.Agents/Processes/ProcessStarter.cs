using System.Collections.Concurrent;
using System.Diagnostics;

namespace Automations.Agents.Processes;

/// <summary>
/// Starts processes from one thread that lives as long as the engine. A sandbox dies with its parent
/// (bubblewrap's <c>--die-with-parent</c>, <c>PR_SET_PDEATHSIG</c>), and the kernel takes the parent to be
/// the thread that forked it, not the process: started from a thread-pool thread, a sandbox was killed
/// whenever the pool retired that thread, in the middle of an agent's run. Before each start, every
/// descriptor of this process past standard error is made close-on-exec: the runtime's own are, but one the
/// engine inherited from whatever started it (a lock, a log) would reach every agent, inside its sandbox.
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

    private static void CloseInheritedOnExec()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var descriptor) && descriptor > 2)
            {
                var flags = NativeMethods.Fcntl(descriptor, NativeMethods.GetDescriptorFlags, 0);
                if (flags >= 0 && (flags & NativeMethods.CloseOnExec) == 0)
                {
                    _ = NativeMethods.Fcntl(descriptor, NativeMethods.SetDescriptorFlags, flags | NativeMethods.CloseOnExec);
                }
            }
        }
    }

    private static void Run()
    {
        foreach (var (process, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                CloseInheritedOnExec();
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
