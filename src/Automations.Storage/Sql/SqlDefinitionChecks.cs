using System.Globalization;
using Automations.Core.Ports;

namespace Automations.Storage.Sql;

/// <summary>
/// The <c>definition_checks</c> table. The key is the repository and head commit, so a second record of
/// the same head does nothing. Taking a check sets a lease with a random token, as a job's
/// (<see cref="SqlJobQueue"/>): an expired lease is as good as due, and a worker that lost it changes nothing.
/// </summary>
public sealed class SqlDefinitionChecks(SqlDatabase database, TimeProvider time) : IDefinitionChecks
{
    private readonly string _takeSql = $"""
        UPDATE definition_checks
           SET state = 'leased', lease_token = @token, available_at = @until, attempts = attempts + 1
         WHERE id = (SELECT id FROM definition_checks
                      WHERE state IN ('due', 'leased') AND available_at <= @now
                      ORDER BY available_at
                      LIMIT 1{database.LockRowsSkipLocked})
        RETURNING repository, pull_number, head_sha, base_sha, delivery_id, attempts
        """;

    public Task<bool> AddAsync(DefinitionCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return ChangeAsync(
            """
            INSERT INTO definition_checks (id, repository, pull_number, head_sha, base_sha, delivery_id, state, available_at, created_at)
            VALUES (@id, @repository, @number, @head, @base, @delivery, 'due', @now, @now)
            ON CONFLICT (id) DO NOTHING
            """,
            c => c.Text("@id", check.Id).Text("@repository", check.Repository).Int64("@number", check.PullNumber).Text("@head", check.HeadSha)
                .Text("@base", check.BaseSha).Text("@delivery", check.DeliveryId).Int64("@now", now),
            cancellationToken);
    }

    public Task<DefinitionCheck?> TakeAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        return database.WriteOnceAsync<DefinitionCheck?>(
            async (connection, transaction) =>
            {
                await using var command = SqlCommands.Create(connection, transaction, _takeSql)
                    .Text("@token", token)
                    .Int64("@until", (now + lease).ToUnixTimeMilliseconds())
                    .Int64("@now", now.ToUnixTimeMilliseconds());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }

                return new DefinitionCheck(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3), reader.GetString(4))
                {
                    Attempts = Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
                    LeaseToken = token,
                };
            },
            cancellationToken);
    }

    public Task<bool> FinishAsync(DefinitionCheck check, string outcome, long? checkRunId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        return ChangeAsync(
            "UPDATE definition_checks SET state = 'done', outcome = @outcome, check_run_id = @run, lease_token = NULL WHERE id = @id AND lease_token = @token AND state = 'leased'",
            c => c.Text("@outcome", outcome).Int64("@run", checkRunId).Text("@id", check.Id).Text("@token", check.LeaseToken),
            cancellationToken);
    }

    public Task<bool> RetryAsync(DefinitionCheck check, string error, DateTimeOffset at, bool giveUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        return ChangeAsync(
            "UPDATE definition_checks SET state = @state, outcome = @error, available_at = @at, lease_token = NULL WHERE id = @id AND lease_token = @token AND state = 'leased'",
            c => c.Text("@state", giveUp ? "failed" : "due").Text("@error", error).Int64("@at", at.ToUnixTimeMilliseconds()).Text("@id", check.Id).Text("@token", check.LeaseToken),
            cancellationToken);
    }

    private Task<bool> ChangeAsync(string sql, Action<System.Data.Common.DbCommand> parameters, CancellationToken cancellationToken) =>
        database.WriteOnceAsync(
            async (connection, transaction) =>
            {
                await using var command = SqlCommands.Create(connection, transaction, sql);
                parameters(command);
                return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            cancellationToken);
}
