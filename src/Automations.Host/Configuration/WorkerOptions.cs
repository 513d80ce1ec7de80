using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

public sealed class WorkerOptions
{
    /// <summary>Run workers in this process. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sessions run at once. Default 2.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 2;

    /// <summary>How often an idle worker looks for a job. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On stop, how long running sessions may go on before their jobs are given back. Default 30 seconds.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);
}
