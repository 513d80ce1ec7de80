using Automations.Core.Ports;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>The pause switches: a row of <c>automation_pauses</c> per paused automation, and <c>*</c> for all.</summary>
public sealed class SqlPauseStore(SqlDatabase database) : IPauseStore
{
    public async Task<IReadOnlyList<AutomationPause>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Automation, string Reason, string By, long At)>(new CommandDefinition(
            "SELECT automation, reason, paused_by, paused_at FROM automation_pauses ORDER BY automation", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AutomationPause(r.Automation, r.Reason, r.By, DateTimeOffset.FromUnixTimeMilliseconds(r.At)))];
    }

    public async Task<bool> PauseAsync(AutomationPause pause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pause);
        return await database.WriteOnceAsync(
            async (connection, transaction) => await SqlCommands.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO automation_pauses (automation, reason, paused_by, paused_at) VALUES (@automation, @reason, @by, @at) ON CONFLICT (automation) DO NOTHING",
                cancellationToken,
                c => c.Text("@automation", pause.Automation).Text("@reason", pause.Reason).Text("@by", pause.By).Int64("@at", pause.At.ToUnixTimeMilliseconds())) == 1,
            cancellationToken);
    }

    public async Task<bool> ResumeAsync(string automation, CancellationToken cancellationToken) =>
        await database.WriteOnceAsync(
            async (connection, transaction) => await SqlCommands.ExecuteAsync(
                connection, transaction, "DELETE FROM automation_pauses WHERE automation = @automation", cancellationToken, c => c.Text("@automation", automation)) == 1,
            cancellationToken);
}
