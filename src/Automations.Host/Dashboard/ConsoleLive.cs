namespace Automations.Host.Dashboard;

/// <summary>
/// How the console's live parts follow the engine: <c>stream</c>, the session's WebSocket (<c>serve</c>), or
/// <c>poll</c>, its new events asked for every <see cref="Interval"/> (Functions, where the host carries no
/// WebSocket).
/// </summary>
public sealed record ConsoleLive(string Mode, TimeSpan Interval)
{
    public static readonly ConsoleLive Stream = new("stream", TimeSpan.Zero);

    public static readonly ConsoleLive Poll = new("poll", TimeSpan.FromSeconds(2));

    /// <summary>The interval in milliseconds, as the page hands it to its script.</summary>
    public long IntervalMilliseconds => (long)Interval.TotalMilliseconds;
}
