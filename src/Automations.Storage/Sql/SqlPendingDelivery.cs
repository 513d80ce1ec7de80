using System.Text.Json;
using Automations.Core.Ports;

namespace Automations.Storage.Sql;

/// <summary>
/// A delivery waiting for the group commit that holds it, and the answer its caller gets after that commit.
/// What is stored of it (the body, packed where the dialect packs bodies, and the JSON lists) is made
/// here, on the caller's thread, so that the one writer only writes.
/// </summary>
internal sealed class SqlPendingDelivery
{
    public SqlPendingDelivery(DeliveryRecord delivery, IReadOnlyList<NewSession> sessions, bool packBody)
    {
        Delivery = delivery;
        Sessions = sessions;
        (StoredBody, BodySize) = packBody ? DeliveryBody.Pack(delivery.Body.Span) : (delivery.Body.ToArray(), null);
        MatchedJson = JsonSerializer.Serialize(delivery.Matched);
        SessionsJson = JsonSerializer.Serialize(sessions.Select(s => s.Id));
        RefusedJson = JsonSerializer.Serialize(delivery.Refused);
    }

    public DeliveryRecord Delivery { get; }

    public IReadOnlyList<NewSession> Sessions { get; }

    /// <summary>The body as stored (<see cref="DeliveryBody"/>).</summary>
    public byte[] StoredBody { get; }

    /// <summary>The body's length when <see cref="StoredBody"/> is packed; null when it is the body as it came.</summary>
    public long? BodySize { get; }

    public TaskCompletionSource<RecordResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordResult? Result { get; set; }

    public Exception? Error { get; set; }

    /// <summary>The names of the automations it matched, as stored (JSON): part of the first answer, kept for redeliveries.</summary>
    public string MatchedJson { get; }

    /// <summary>Its sessions' ids, as stored (JSON): the rest of the first answer.</summary>
    public string SessionsJson { get; }

    /// <summary>The matches it refused, as stored (JSON).</summary>
    public string RefusedJson { get; }

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
