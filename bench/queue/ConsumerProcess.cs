using System.Diagnostics;
using System.Threading.Channels;

namespace Automations.Bench.Queue;

/// <summary>A consumer started as a process of its own; its output lines are read as they come.</summary>
internal sealed class ConsumerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ConsumerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                Lines.Writer.TryComplete();
            }
            else
            {
                Lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"consumer {process.Id}: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();

    public static ConsumerProcess Start(string connection, int workers, string mode)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ConsumerProcess).Assembly.Location);
        }

        foreach (var argument in new[] { "consume", "--connection", connection, "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mode", mode })
        {
            start.ArgumentList.Add(argument);
        }

        return new ConsumerProcess(Process.Start(start)!);
    }

    /// <summary>The next line that starts with <paramref name="prefix"/>.</summary>
    public async Task<string> ExpectAsync(string prefix)
    {
        await foreach (var line in Lines.Reader.ReadAllAsync())
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"consumer {_process.Id} ended before '{prefix}'");
    }

    public Task SendAsync(string line) => _process.StandardInput.WriteLineAsync(line);

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }
}
