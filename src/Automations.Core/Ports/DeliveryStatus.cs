namespace Automations.Core.Ports;

/// <summary>
/// What became of a stored delivery, as <c>GET /api/deliveries?outcome=</c> filters it: <c>accepted</c> (it
/// started sessions), <c>unmatched</c> (valid, and no automation took it), <c>ignored</c> (a ping),
/// <c>rejected</c> (signed, but unreadable) or <c>refused</c> (turned away at the door, unsigned or mis-signed).
/// A redelivery is answered <c>duplicate</c> and stores nothing new.
/// </summary>
public static class DeliveryStatus
{
    public const string Accepted = "accepted";
    public const string Unmatched = "unmatched";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";
    public const string Refused = "refused";
    public const string Duplicate = "duplicate";

    /// <summary>The outcomes a stored delivery can have.</summary>
    public static IReadOnlyList<string> Stored { get; } = [Accepted, Unmatched, Ignored, Rejected, Refused];
}
