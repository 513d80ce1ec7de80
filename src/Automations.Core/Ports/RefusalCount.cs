namespace Automations.Core.Ports;

/// <summary>How many deliveries of a source were refused for one reason, and when last: kept after the rows roll off.</summary>
public sealed record RefusalCount(string Source, string Reason, long Count, DateTimeOffset LastAt);
