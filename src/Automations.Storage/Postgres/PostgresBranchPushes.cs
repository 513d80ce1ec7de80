using Automations.Core.Ports;
using Automations.Storage.Sql;

namespace Automations.Storage.Postgres;

/// <summary>
/// Pushes shared by every instance on one database: a row of <c>branch_pushes</c> per branch, numbered from the
/// <c>branch_push_numbers</c> sequence, and a <c>NOTIFY</c> on <see cref="PostgresDatabase.PushesChannel"/> in the
/// same statement, so that the others fetch their mirrors at once (<see cref="NotedElsewhere"/>). The row, not the
/// notice, decides whether a mirror may be behind: a notice lost with a connection costs a fetch, never a stale base.
/// </summary>
public sealed class PostgresBranchPushes : IBranchPushes
{
    // GREATEST: two notes to one branch at once keep the higher number, since a fetch that read a mark between them may lack it.
    private const string Note = """
        INSERT INTO branch_pushes (repository, branch, number) VALUES (@repository, @branch, nextval('branch_push_numbers'))
        ON CONFLICT (repository, branch) DO UPDATE SET number = GREATEST(branch_pushes.number, excluded.number);
        SELECT pg_notify(@channel, @payload)
        """;

    private readonly PostgresDatabase _database;

    internal PostgresBranchPushes(PostgresDatabase database) => _database = database;

    public event EventHandler<BranchPushEventArgs>? NotedElsewhere;

    public async Task NoteAsync(BranchPush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);

        // One batch, one implicit transaction: the notice goes out when the row is there for everyone to read.
        await _database.WriteOnceAsync(
            async (connection, transaction) => await SqlCommands.ExecuteAsync(
                connection,
                transaction,
                Note,
                cancellationToken,
                c => c.Text("@repository", push.RepositoryUrl).Text("@branch", push.Branch).Text("@channel", PostgresDatabase.PushesChannel)
                    .Text("@payload", $"{_database.InstanceId} {push.Branch} {push.RepositoryUrl}")),
            cancellationToken);
    }

    public async Task<long?> LastAsync(BranchPush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        await using var connection = await _database.OpenReadAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT number FROM branch_pushes WHERE repository = @repository AND branch = @branch")
            .Text("@repository", push.RepositoryUrl).Text("@branch", push.Branch);
        return await command.ExecuteScalarAsync(cancellationToken) is long number ? number : null;
    }

    public async Task<long> MarkAsync(CancellationToken cancellationToken)
    {
        // last_value counts every nextval at once, committed or not: a push numbered below it was on the remote already.
        await using var connection = await _database.OpenReadAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM branch_push_numbers");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// A notice on <see cref="PostgresDatabase.PushesChannel"/>: <c>{instance} {branch} {repository URL}</c> (a branch
    /// name has no space). This instance's own, and anything else, are passed over: it fetched already.
    /// </summary>
    internal void Heard(string payload)
    {
        var parts = payload.Split(' ', 3);
        if (parts.Length == 3 && parts[0] != _database.InstanceId && parts[1].Length > 0 && parts[2].Length > 0)
        {
            NotedElsewhere?.Invoke(this, new BranchPushEventArgs(new BranchPush(parts[2], parts[1])));
        }
    }
}
