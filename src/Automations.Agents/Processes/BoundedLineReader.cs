using System.Text;

namespace Automations.Agents.Processes;

/// <summary>
/// Reads lines from a process's pipe with a cap on each: the first <c>maxLineBytes</c> bytes of a line are
/// kept and the rest is counted and skipped, so one endless line costs the engine the cap, not the line.
/// Lines end at <c>\n</c>; a <c>\r</c> before it goes too. Text is UTF-8, invalid bytes replaced.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineBytes)
{
    /// <summary>
    /// What one read takes from the pipe at most. Each live process has two readers, each with its read pending
    /// most of the time: at 64 KiB, these buffers were 68 MB of the engine's 85 MB heap at 500 live sessions. A
    /// line longer than this is put together in <see cref="_line"/> all the same.
    /// </summary>
    internal const int ReadBytes = 4 * 1024;

    private readonly byte[] _buffer = new byte[Math.Min(ReadBytes, Math.Max(maxLineBytes, 1024))];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;
    private long _dropped;
    private bool _ended;

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async ValueTask<(string Text, long Dropped)?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                Keep(_start, newline - _start);
                _start = newline + 1;
                return Take();
            }

            Keep(_start, _end - _start);
            _start = _end = 0;
            if (_ended)
            {
                return _line.Length > 0 || _dropped > 0 ? Take() : null;
            }

            var read = await stream.ReadAsync(_buffer, cancellationToken);
            _end = read;
            _ended = read == 0;
        }
    }

    private void Keep(int offset, int count)
    {
        var room = (int)Math.Min(count, Math.Max(0, maxLineBytes - _line.Length));
        _line.Write(_buffer, offset, room);
        _dropped += count - room;
    }

    private (string Text, long Dropped) Take()
    {
        var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        if (_dropped == 0 && bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        var line = (Encoding.UTF8.GetString(bytes), _dropped);
        _line.SetLength(0);
        _dropped = 0;
        if (_line.Capacity > 1024 * 1024)
        {
            // One long line does not keep its buffer for the rest of the run.
            _line.Capacity = 64 * 1024;
        }

        return line;
    }
}
