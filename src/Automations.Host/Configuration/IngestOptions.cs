using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

public sealed class IngestOptions
{
    /// <summary>The largest delivery body accepted, in bytes; larger ones get 413. Default 25 MB, GitHub's own cap.</summary>
    [Range(1024, int.MaxValue, ErrorMessage = "must be at least {1}.")]
    public int MaxBodyBytes { get; set; } = 25 * 1024 * 1024;
}
