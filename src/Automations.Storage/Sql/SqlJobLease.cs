using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Storage.Sql;

/// <summary>A job taken from <see cref="SqlJobQueue"/>; disposing it unended gives the job back.</summary>
internal sealed class SqlJobLease(SqlJobQueue queue, SessionJob job, int attempt, string token) : IJobLease
{
    private bool _ended;

    public SessionJob Job { get; } = job;

    public int Attempt { get; } = attempt;

    public string Token { get; } = token;

    public bool BeatSession { get; init; }

    /// <summary>Records that the job was ended by another way than this lease's own (a hand-back, a dead end).</summary>
    internal void MarkEnded() => _ended = true;

    public Task<bool> ExtendAsync(CancellationToken cancellationToken) => queue.ExtendAsync(this, cancellationToken);

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await queue.CompleteAsync(this, cancellationToken);
        _ended = true;
    }

    public async Task<DateTimeOffset?> FailAsync(string error, CancellationToken cancellationToken)
    {
        var retryAt = await queue.FailAsync(this, error, cancellationToken);
        _ended = true;
        return retryAt;
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await queue.ReleaseAsync(this, cancellationToken);
        _ended = true;
    }

    public async Task PostponeAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        await queue.PostponeAsync(this, delay, cancellationToken);
        _ended = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            await ReleaseAsync(CancellationToken.None);
        }
    }
}
