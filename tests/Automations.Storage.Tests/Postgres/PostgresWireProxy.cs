using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Automations.Storage.Tests.Postgres;

/// <summary>
/// A TCP proxy in front of the test server that counts round trips on the wire, from the messages both sides
/// send: one each time the server answers the last request the client sent (ReadyForQuery, message 'Z') and
/// the client has sent nothing since, so the client was waiting. Messages the client sends in one go, however
/// many statements, Syncs or transaction commands they hold, count once; each wait for an answer counts again. It can also hold the server's answers back, so that a test can let
/// requests queue up behind one in flight.
/// </summary>
public sealed class PostgresWireProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _roundTrips;
    private TaskCompletionSource _released = Completed();
    private TaskCompletionSource _sentWhileHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="connectionString">The server's; <see cref="ConnectionString"/> is the same through the proxy.</param>
    public PostgresWireProxy(string connectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        (_host, _port) = (server.Host!, server.Port);
        _listener.Start();

        // In the clear, so that the proxy reads the messages: no TLS, no GSS encryption.
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
            SslMode = SslMode.Disable,
            GssEncryptionMode = GssEncryptionMode.Disable,
        }.ConnectionString;
        _accepting = AcceptAsync(_stop.Token);
    }

    public string ConnectionString { get; }

    /// <summary>Round trips since the start or the last <see cref="Reset"/>.</summary>
    public int RoundTrips => Volatile.Read(ref _roundTrips);

    /// <summary>The round trips counted, and the client's messages in each.</summary>
    public override string ToString() => $"{RoundTrips} round trips: {string.Join(", ", Trips)}";

    public void Reset()
    {
        Interlocked.Exchange(ref _roundTrips, 0);
        Trips.Clear();
    }

    /// <summary>The client's messages in each round trip counted, by type (P, B, D, E, S; Q; 0 the startup): what a failed assertion shows.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Trips { get; } = new();

    /// <summary>Holds the server's answers back from now until <see cref="Release"/>.</summary>
    public void Hold()
    {
        _sentWhileHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Completes once a client has sent something since <see cref="Hold"/>.</summary>
    public Task SentWhileHeld => _sentWhileHeld.Task;

    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private async Task AcceptAsync(CancellationToken stop)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(stop);
                connections.Add(ProxyAsync(client, stop));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task ProxyAsync(TcpClient client, CancellationToken stop)
    {
        using var _ = client;
        using var server = new TcpClient();
        var wire = new Wire();
        try
        {
            await server.ConnectAsync(_host, _port, stop);
            using var end = CancellationTokenSource.CreateLinkedTokenSource(stop);
            await Task.WhenAny(ClientToServerAsync(client.GetStream(), server.GetStream(), wire, end.Token), ServerToClientAsync(server.GetStream(), client.GetStream(), wire, end.Token));
            await end.CancelAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // One side went away.
        }
    }

    private async Task ClientToServerAsync(NetworkStream from, NetworkStream to, Wire wire, CancellationToken stop)
    {
        // The first message, the startup, has no type byte; every later one has.
        var frames = new Frames(typed: false);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stop)) > 0)
        {
            _sentWhileHeld.TrySetResult();
            foreach (var type in frames.Read(buffer.AsSpan(0, read)))
            {
                wire.Sent(type);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stop);
        }
    }

    private async Task ServerToClientAsync(NetworkStream from, NetworkStream to, Wire wire, CancellationToken stop)
    {
        var frames = new Frames(typed: true);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stop)) > 0)
        {
            await _released.Task.WaitAsync(stop);
            foreach (var type in frames.Read(buffer.AsSpan(0, read)))
            {
                // Counted before the client sees the answer, so before it can send anything more.
                if (type == 'Z' && wire.Answered() is { } request)
                {
                    Interlocked.Increment(ref _roundTrips);
                    Trips.Enqueue(request);
                }
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stop);
        }
    }

    /// <summary>
    /// One connection's requests: each Sync or simple Query (and the startup) asks for one ReadyForQuery. The
    /// client waited when the last answer it asked for comes and it has sent nothing since: that is a round
    /// trip. An answer that comes while more is asked for, or while the client is still sending, is not.
    /// </summary>
    private sealed class Wire
    {
        private readonly System.Text.StringBuilder _request = new();
        private int _asked;
        private bool _sending;

        public void Sent(char type)
        {
            lock (_request)
            {
                _request.Append(type);
                _sending = type is not ('S' or 'Q' or '0');
                _asked += _sending ? 0 : 1;
            }
        }

        /// <summary>The messages of the request the client waited on, or null if it was not waiting.</summary>
        public string? Answered()
        {
            lock (_request)
            {
                _asked--;
                if (_asked > 0 || _sending)
                {
                    return null;
                }

                var request = _request.ToString();
                _request.Clear();
                return request;
            }
        }
    }

    /// <summary>Message frames read across chunks: a type byte (when typed), then a length that counts itself.</summary>
    private sealed class Frames(bool typed)
    {
        private readonly byte[] _header = new byte[5];
        private int _inHeader;
        private long _remaining;
        private bool _typed = typed;

        /// <summary>The type of each message that starts in <paramref name="chunk"/> ('0' for the untyped startup).</summary>
        public List<char> Read(ReadOnlySpan<byte> chunk)
        {
            var types = new List<char>();
            var headerLength = _typed ? 5 : 4;
            for (var i = 0; i < chunk.Length;)
            {
                if (_remaining > 0)
                {
                    var skip = (int)Math.Min(_remaining, chunk.Length - i);
                    _remaining -= skip;
                    i += skip;
                    continue;
                }

                _header[_inHeader++] = chunk[i++];
                if (_inHeader == headerLength)
                {
                    _inHeader = 0;
                    _remaining = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(headerLength - 4)) - 4;
                    types.Add(_typed ? (char)_header[0] : '0');
                    if (!_typed)
                    {
                        _typed = true;
                        headerLength = 5;
                    }
                }
            }

            return types;
        }
    }
}
