using System.Text.Json;
using Automations.Core.Ports;

namespace Automations.Storage.Sql;

/// <summary>A delivery waiting for the group commit that holds it, and the answer its caller gets after that commit.</summary>
internal sealed class SqlPendingDelivery(DeliveryRecord delivery, IReadOnlyList<NewSession> sessions)
{
    public DeliveryRecord Delivery { get; } = delivery;

    public IReadOnlyList<NewSession> Sessions { get; } = sessions;

    public TaskCompletionSource<RecordResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordResult? Result { get; set; }

    public Exception? Error { get; set; }

    /// <summary>The names of the automations it matched, as stored (JSON): part of the first answer, kept for redeliveries.</summary>
    public string MatchedJson => JsonSerializer.Serialize(Delivery.Matched);

    /// <summary>Its sessions' ids, as stored (JSON): the rest of the first answer.</summary>
    public string SessionsJson => JsonSerializer.Serialize(Sessions.Select(s => s.Id));

    /// <summary>The matches it refused, as stored (JSON).</summary>
    public string RefusedJson => JsonSerializer.Serialize(Delivery.Refused);

    /// <summary>The reason its refusal is counted under, if it was refused.</summary>
    public string? RefusalReason => Delivery.Status == DeliveryStatus.Refused ? Delivery.Error ?? "refused" : null;

    /// <summary>The answer to a delivery that was new: its sessions, some perhaps skipped.</summary>
    public RecordResult Stored(IReadOnlyList<string> skipped) => new(false, Delivery.Matched, [.. Sessions.Select(x => x.Id)]) { Skipped = skipped };

    // Called only after the batch's commit (or its failure): the answer may now be given.
    public void Publish()
    {
        // An error wins: a result written in a transaction that then failed was never durable.
        if (Error is not null)
        {
            Completion.TrySetException(Error);
        }
        else if (Result is not null)
        {
            Completion.TrySetResult(Result);
        }
        else
        {
            Completion.TrySetException(new InvalidOperationException("The delivery was not written."));
        }
    }
}
