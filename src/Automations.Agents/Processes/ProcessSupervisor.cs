using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Automations.Agents.Processes;

/// <summary>
/// Runs a process in a process group of its own (through <c>setsid</c>), streams its output line by
/// line, and on timeout or cancellation kills the whole group: children and grandchildren too, even
/// those whose parent has already exited. Nothing the process does can hold the engine up or grow it
/// without bound: its input is written in the background, each line is capped
/// (<see cref="ProcessSpec.MaxLineBytes"/>), and a reader that falls behind makes the process wait on its
/// pipe instead of the engine buffering its output.
/// </summary>
public static class ProcessSupervisor
{
    private const string SetSid = "/usr/bin/setsid";

    /// <summary>Lines read ahead of the consumer; past them the process waits on its pipe.</summary>
    private const int ReadAhead = 16;

    /// <summary>How long to wait for output still buffered in pipes after the process has ended.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public static async Task<ProcessOutcome> RunAsync(
        ProcessSpec spec,
        Func<ProcessLine, CancellationToken, ValueTask> onLine,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var process = new Process { StartInfo = StartInfo(spec) };
        await ProcessStarter.StartAsync(process);
        spec.Started?.Invoke(process.Id);

        var lines = Channel.CreateBounded<ProcessLine>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var readers = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, "stdout", spec.MaxLineBytes, lines.Writer),
            PumpAsync(process.StandardError.BaseStream, "stderr", spec.MaxLineBytes, lines.Writer));
        _ = readers.ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);

        // In the background: a process that never reads its input must not keep the timeout from starting.
        var input = WriteInputAsync(process, spec.StandardInput);

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

        // The leader is gone and reaped, so its number may already name another process group (pid_max
        // wraps): the group is not signalled again. What outlived the leader is the spec's to end; in a
        // sandbox, its PID namespace ended with it. Then the output drains.
        spec.AfterExit?.Invoke();
        await Task.WhenAny(Task.WhenAll(input, readers), Task.Delay(DrainTimeout, time, CancellationToken.None));
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

    /// <summary>Kills every process but this one that has <paramref name="environmentMarker"/> (<c>NAME=value</c>) in its environment.</summary>
    public static int KillAllWith(string environmentMarker)
    {
        var killed = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(environmentMarker, StringComparer.Ordinal)
                    && NativeMethods.Kill(pid, NativeMethods.SigKill) == 0)
                {
                    killed++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        return killed;
    }

    private static ProcessStartInfo StartInfo(ProcessSpec spec)
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

        return startInfo;
    }

    private static void KillGroup(Process process)
    {
        // The process is the leader of its own group (setsid), so -pid names every process in it, while the
        // leader lives (or is a zombie not yet reaped): once reaped, its number may be another's.
        if (!process.HasExited)
        {
            _ = NativeMethods.Kill(-process.Id, NativeMethods.SigKill);
        }

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
        var stream = process.StandardInput.BaseStream;
        try
        {
            if (input is not null)
            {
                // A pipe holds 64 KiB: past that the write waits for a reader, and fails once the process
                // and every child that shares the pipe are gone (EPIPE), which the kill makes sure of.
                await Task.Run(async () => await stream.WriteAsync(Encoding.UTF8.GetBytes(input)), CancellationToken.None);
                await stream.FlushAsync();
            }
        }
        catch (IOException)
        {
            // The process ended without reading all of its input; that is its business.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task PumpAsync(Stream stream, string name, int maxLineBytes, ChannelWriter<ProcessLine> writer)
    {
        var reader = new BoundedLineReader(stream, maxLineBytes);
        try
        {
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                await writer.WriteAsync(new ProcessLine(name, line.Text, line.Dropped));
            }
        }
        catch (ChannelClosedException)
        {
            // The run ended without waiting for a process that escaped its group and still writes.
        }
    }

    private static async Task ConsumeAsync(
        ChannelReader<ProcessLine> reader,
        Func<ProcessLine, CancellationToken, ValueTask> onLine,
        CancellationToken cancellationToken)
    {
        await foreach (var line in reader.ReadAllAsync(CancellationToken.None))
        {
            await onLine(line, cancellationToken);
        }
    }
}
