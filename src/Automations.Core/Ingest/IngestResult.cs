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

    /// <summary>Why a delivery was refused or ignored, for the caller.</summary>
    public string? Reason { get; init; }
}
