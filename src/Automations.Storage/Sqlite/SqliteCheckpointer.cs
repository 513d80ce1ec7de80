using Microsoft.Data.Sqlite;

namespace Automations.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database beside the writer, on a connection of its own.
/// SQLite's own checkpoint runs inside the commit that crosses its threshold: reading the log, writing
/// every page to the database and syncing it, while the group commit and every delivery waiting on it
/// stand still. Here a passive checkpoint runs shortly after writes instead, never waiting for a reader
/// or the writer. The writer keeps a threshold of its own as the backstop: under writes that never pause,
/// its checkpoint finds the pages already copied, and the log starts over from the beginning.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>How long writes gather before a checkpoint copies them.</summary>
    internal static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _written = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Task _loop;

    public SqliteCheckpointer(string connectionString, TimeProvider time)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _time = time;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Frames were committed: a checkpoint follows within <see cref="Pause"/>.</summary>
    public void Written()
    {
        if (_written.CurrentCount == 0)
        {
            try
            {
                _written.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled first; one checkpoint serves both.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _connection.DisposeAsync();
        _stop.Dispose();
        _written.Dispose();
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _written.WaitAsync(_stop.Token);
                await Task.Delay(Pause, _time, _stop.Token);
                Checkpoint();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the database's own close checkpoints what is left.
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // A checkpoint that cannot run now (the disk full, say) is tried again after the next write;
            // the writer's own threshold keeps the log bounded meanwhile.
        }
    }
}
