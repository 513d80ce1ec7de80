using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Ingest;

/// <summary>
/// The answer to a delivery, and the jobs it produced. A host that queues jobs elsewhere (a Service Bus
/// output binding) takes <see cref="Jobs"/> from here.
/// </summary>
public sealed record IngestResult
{
    public required IngestOutcome Outcome { get; init; }

    public string? DeliveryId { get; init; }

    public IReadOnlyList<string> Matched { get; init; } = [];

    public IReadOnlyList<string> Sessions { get; init; } = [];

    public IReadOnlyList<SessionJob> Jobs { get; init; } = [];

    /// <summary>Automations that matched but whose actor rules refused the event, with the reasons.</summary>
    public IReadOnlyList<RefusedMatch> Refused { get; init; } = [];

    /// <summary>For a handshake (<see cref="IngestOutcome.Challenge"/>), what to answer with.</summary>
    public string? Challenge { get; init; }

    /// <summary>Why the delivery had this outcome, for the caller and the log.</summary>
    public string? Reason { get; init; }

    /// <summary>True when a refusal could not be recorded (the store failed); the answer is the same.</summary>
    public bool Unrecorded { get; init; }

    /// <summary>The outcome as the answer and the log say it: accepted, unmatched, duplicate, ignored, rejected or refused.</summary>
    public string Status => Outcome switch
    {
        IngestOutcome.Accepted => Matched.Count > 0 ? DeliveryStatus.Accepted : DeliveryStatus.Unmatched,
        IngestOutcome.Duplicate => DeliveryStatus.Duplicate,
        IngestOutcome.Ignored => DeliveryStatus.Ignored,
        IngestOutcome.Challenge => DeliveryStatus.Accepted,
        IngestOutcome.Malformed => DeliveryStatus.Rejected,
        _ => DeliveryStatus.Refused,
    };
}
