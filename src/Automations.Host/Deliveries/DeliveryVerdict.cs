namespace Automations.Host.Deliveries;

/// <summary>Whether one automation of today's definitions takes a delivery's event (<c>match</c>, <c>miss</c> or <c>refused</c> by its actor rules), and why.</summary>
public sealed record DeliveryVerdict(string Name, string? File, string Outcome, string Reason);
