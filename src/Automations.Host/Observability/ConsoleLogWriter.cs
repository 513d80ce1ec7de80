using System.Globalization;
using System.Text;

namespace Automations.Host.Observability;

/// <summary>
/// Writes the console log to standard output from a thread of its own, in batches: a line waits at most
/// <c>interval</c> behind the write before it, and a quiet log is written at once. The framework's console log
/// woke its thread and wrote once per line, and the engine logs a line per delivery: under load that cost one or
/// two context switches and a write per delivery. When the output does not keep up, at most <c>capacity</c>
/// characters wait, the lines past that are dropped rather than stalling the engine, and the log says how many.
/// </summary>
internal sealed class ConsoleLogWriter : IDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(5);

    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private StringBuilder _pending = new();
    private StringBuilder _spare = new();
    private int _dropped;
    private bool _woken;
    private bool _stopping;
    private bool _stopped;

    public ConsoleLogWriter(Stream output, TimeProvider time, TimeSpan? interval = null, int capacity = 1 << 20)
    {
        _output = output;
        _time = time;
        _interval = interval ?? TimeSpan.FromMilliseconds(20);
        _capacity = capacity;
        _thread = new Thread(Run) { IsBackground = true, Name = "Automations log" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="line"/> (without its line ending) for the next write.</summary>
    public void Append(string line)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                // After the last write, a line is written on the caller's thread.
                Write(new StringBuilder(line).Append('\n'));
                return;
            }

            if (_pending.Length + line.Length >= _capacity)
            {
                _dropped++;
                return;
            }

            _pending.Append(line).Append('\n');
            if (_woken)
            {
                return;
            }

            _woken = true;
        }

        _wake.Set();
    }

    /// <summary>Writes what waits, and stops the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        _wake.Set();
        _thread.Join(JoinTimeout);
    }

    private void Run()
    {
        while (true)
        {
            _wake.WaitOne();
            if (!WriteWaiting())
            {
                return;
            }

            // Lines that come meanwhile gather for one write; the wake they set ends the wait at once.
            Thread.Sleep(_interval);
        }
    }

    /// <summary>Writes the lines waiting; false once the writer is stopping, when this was its last write.</summary>
    private bool WriteWaiting()
    {
        StringBuilder batch;
        int dropped;
        bool stopping;
        lock (_gate)
        {
            (batch, _pending, _spare) = (_pending, _spare, _pending);
            (dropped, _dropped, _woken, stopping) = (_dropped, 0, false, _stopping);
        }

        Write(WithNotice(batch, dropped));
        batch.Clear();
        if (stopping)
        {
            lock (_gate)
            {
                // What came in since goes out with the last write; later lines are written as they come.
                Write(WithNotice(_pending, _dropped));
                _stopped = true;
            }
        }

        return !stopping;
    }

    /// <summary><paramref name="batch"/>, ending with a line that says how many lines were dropped before it, if any were.</summary>
    private StringBuilder WithNotice(StringBuilder batch, int dropped) => dropped == 0 ? batch : batch
        .Append(_time.GetLocalNow().ToString("HH:mm:ss ", CultureInfo.InvariantCulture))
        .Append("warn: Automations.Log[0] ").Append(dropped.ToString(CultureInfo.InvariantCulture))
        .Append(" line(s) of this log were dropped: its output did not keep up\n");

    private void Write(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        try
        {
            // Console.Out's writes hold this lock: a line of it never lands inside a batch.
            lock (Console.Out)
            {
                _output.Write(bytes);
                _output.Flush();
            }
        }
        catch (IOException)
        {
            // Nobody reads the output any more (its pipe is closed): the lines have nowhere to go.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
