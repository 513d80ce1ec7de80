using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

public sealed class IngestOptions
{
    /// <summary>The largest delivery body accepted, in bytes; larger ones get 413. Default 25 MB, GitHub's own cap.</summary>
    [Range(1024, int.MaxValue, ErrorMessage = "must be at least {1}.")]
    public int MaxBodyBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// How many refused deliveries (bad or missing signature, stale timestamp, unknown endpoint, too large)
    /// are kept for <c>GET /api/deliveries?outcome=refused</c>, newest first; older ones roll off and only
    /// their counts stay. Default 1,000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RefusedCap { get; set; } = 1000;
}
