using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>What a delivery became: <c>accepted</c>, <c>ignored</c> (a ping) or <c>malformed</c>.</summary>
public static class DeliveryStatus
{
    public const string Accepted = "accepted";
    public const string Ignored = "ignored";
    public const string Malformed = "malformed";
}
