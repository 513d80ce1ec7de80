using System.Collections.Concurrent;
using System.Threading.Channels;
using Automations.Core.Sessions;

namespace Automations.Host.Sessions;

/// <summary>
/// In-process fan-out of appended session events to live watchers (the WebSocket stream). A watcher
/// that falls behind loses events from its buffer, sees the gap in the sequence numbers, and reads the
/// missing ones from the store: the store stays the one source of truth.
/// </summary>
public sealed class SessionEventHub
{
    private const int Buffer = 4096;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<SessionEvent>, byte>> _watchers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Channel<SessionEvent>, byte> _everything = new();

    /// <summary>Starts watching a session; dispose the subscription to stop.</summary>
    public Subscription Watch(string sessionId)
    {
        var channel = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var set = _watchers.GetOrAdd(sessionId, _ => new ConcurrentDictionary<Channel<SessionEvent>, byte>());
        set[channel] = 0;
        return new Subscription(channel.Reader, () =>
        {
            set.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
    }

    /// <summary>
    /// Starts watching every session's events appended on this instance (what mirrors sessions to a provider, such
    /// as Linear's agent activities); dispose the subscription to stop. Like any watcher, it may lose events when
    /// it falls behind by more than the buffer.
    /// </summary>
    public Subscription WatchAll()
    {
        var channel = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _everything[channel] = 0;
        return new Subscription(channel.Reader, () =>
        {
            _everything.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
    }

    public void Publish(string sessionId, IReadOnlyList<SessionEvent> events)
    {
        foreach (var channel in _everything.Keys)
        {
            foreach (var e in events)
            {
                channel.Writer.TryWrite(e);
            }
        }

        if (!_watchers.TryGetValue(sessionId, out var set) || set.IsEmpty)
        {
            return;
        }

        foreach (var channel in set.Keys)
        {
            foreach (var e in events)
            {
                channel.Writer.TryWrite(e);
            }
        }
    }

    /// <summary>A watcher's feed of new events.</summary>
    public sealed class Subscription(ChannelReader<SessionEvent> reader, Action dispose) : IDisposable
    {
        public ChannelReader<SessionEvent> Reader { get; } = reader;

        public void Dispose() => dispose();
    }
}
