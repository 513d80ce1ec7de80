using System.Diagnostics;
using System.Threading.Channels;

namespace Automations.Agents.Processes;

/// <summary>
/// Runs a process in a process group of its own (through <c>setsid</c>), streams its output line by
/// line, and on timeout or cancellation kills the whole group: children and grandchildren too, even
/// those whose parent has already exited.
/// </summary>
public static class ProcessSupervisor
{
    private const string SetSid = "/usr/bin/setsid";

    /// <summary>How long to wait for output still buffered in pipes after the process has ended.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public static async Task<ProcessOutcome> RunAsync(
        ProcessSpec spec,
        Func<string, string, CancellationToken, ValueTask> onLine,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (File.Exists(SetSid))
        {
            startInfo.FileName = SetSid;
            startInfo.ArgumentList.Add(spec.FileName);
        }
        else
        {
            startInfo.FileName = spec.FileName;
        }

        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (key, value) in spec.Environment)
        {
            startInfo.Environment[key] = value;
        }

        var started = time.GetTimestamp();
        using var process = new Process { StartInfo = startInfo };
        process.Start();
        spec.Started?.Invoke(process.Id);

        var lines = Channel.CreateUnbounded<(string Stream, string Text)>(new UnboundedChannelOptions { SingleReader = true });
        var readers = Task.WhenAll(
            PumpAsync(process.StandardOutput, "stdout", lines.Writer),
            PumpAsync(process.StandardError, "stderr", lines.Writer));
        _ = readers.ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);

        await WriteInputAsync(process, spec.StandardInput);

        using var timeout = new CancellationTokenSource(spec.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var consumer = ConsumeAsync(lines.Reader, onLine, cancellationToken);
        var timedOut = false;
        var canceled = false;
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            canceled = !timedOut;
            KillGroup(process);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        // A child that outlived its parent still holds the pipes: the group goes, then the output drains.
        KillGroup(process);
        await Task.WhenAny(readers, Task.Delay(DrainTimeout, time, CancellationToken.None));
        lines.Writer.TryComplete();
        try
        {
            await consumer;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        var duration = time.GetElapsedTime(started);
        return new ProcessOutcome(timedOut || canceled ? null : process.ExitCode, timedOut, canceled, duration);
    }

    /// <summary>Kills a process group left behind by an earlier run, if its leader is still the process we started.</summary>
    public static bool KillLeftover(int processGroup, string environmentMarker)
    {
        var environ = $"/proc/{processGroup}/environ";
        try
        {
            if (!File.Exists(environ) || !File.ReadAllText(environ).Split('\0').Contains(environmentMarker, StringComparer.Ordinal))
            {
                return false;
            }
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        return NativeMethods.Kill(-processGroup, NativeMethods.SigKill) == 0;
    }

    private static void KillGroup(Process process)
    {
        // The process is the leader of its own group (setsid), so -pid names every process in it.
        _ = NativeMethods.Kill(-process.Id, NativeMethods.SigKill);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                await process.StandardInput.FlushAsync();
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited without reading its input; that is its business.
        }
    }

    private static async Task PumpAsync(StreamReader reader, string stream, ChannelWriter<(string, string)> writer)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            await writer.WriteAsync((stream, line));
        }
    }

    private static async Task ConsumeAsync(
        ChannelReader<(string Stream, string Text)> reader,
        Func<string, string, CancellationToken, ValueTask> onLine,
        CancellationToken cancellationToken)
    {
        await foreach (var (stream, text) in reader.ReadAllAsync(CancellationToken.None))
        {
            await onLine(stream, text, cancellationToken);
        }
    }
}
