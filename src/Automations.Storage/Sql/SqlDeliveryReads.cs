using System.Text;
using Automations.Core.Ports;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>The deliveries' reads for the API: listed by source, outcome and time, newest first, paged by arrival.</summary>
internal sealed class SqlDeliveryReads(SqlDatabase database)
{
    private string Select =>
        "SELECT source AS Source, delivery_id AS DeliveryId, received_at AS ReceivedAt, status AS Outcome, kind AS Kind, error AS Error, " +
        "event AS EventJson, matched AS Matched, sessions AS Sessions, refused AS Refused, CAST(COALESCE(body_size, length(body)) AS BIGINT) AS BodyBytes, " +
        $"replay_of AS ReplayOf, {database.ArrivalColumn} AS Cursor, headers AS HeadersJson FROM deliveries";

    public async Task<StoredDelivery?> GetAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
            Select + " WHERE source = @source AND delivery_id = @deliveryId", new { source, deliveryId }, cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    public async Task<IReadOnlyList<StoredDelivery>> FindAsync(string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            Select + " WHERE delivery_id = @deliveryId", new { deliveryId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<IReadOnlyList<StoredDelivery>> ListAsync(DeliveryQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(Select).Append(" WHERE 1 = 1");
        var parameters = new DynamicParameters();
        void Filter(string clause, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(clause);
                parameters.Add(name, value);
            }
        }

        Filter("source = @source", "source", query.Source);
        Filter("status = @outcome", "outcome", query.Outcome);
        Filter("received_at >= @since", "since", query.Since?.ToUnixTimeMilliseconds());
        Filter("received_at < @until", "until", query.Until?.ToUnixTimeMilliseconds());
        Filter($"{database.ArrivalColumn} < @before", "before", query.Before);
        sql.Append($" ORDER BY {database.ArrivalColumn} DESC LIMIT @limit");
        parameters.Add("limit", query.Limit);
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<byte[]?> GetBodyAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(byte[]? Body, long? Size)>(new CommandDefinition(
            "SELECT body, body_size FROM deliveries WHERE source = @source AND delivery_id = @deliveryId", new { source, deliveryId }, cancellationToken: cancellationToken));
        return row.Body is null ? null : DeliveryBody.Unpack(row.Body, row.Size);
    }

    public async Task<IReadOnlyList<RefusalCount>> RefusalCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Source, string Reason, long Refusals, long LastAt)>(new CommandDefinition(
            "SELECT source, reason, refusals, last_at FROM delivery_refusals ORDER BY source, reason", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new RefusalCount(r.Source, r.Reason, r.Refusals, DateTimeOffset.FromUnixTimeMilliseconds(r.LastAt)))];
    }
}
