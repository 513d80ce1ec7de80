using Automations.Core.Ports;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Instances;

/// <summary>
/// This engine process as it registers itself in the store (<see cref="IInstanceRegistry"/>): its id names
/// its workers too, so a running job's lease owner (<c>{id}:{n}</c>) says which instance runs it.
/// </summary>
public sealed class ThisInstance(IOptions<AutomationsOptions> options, TimeProvider time)
{
    /// <summary>How often the instance heartbeats.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>Silent for longer than this, an instance is shown as gone: three heartbeats missed.</summary>
    public static readonly TimeSpan GoneAfter = HeartbeatInterval * 3;

    /// <summary>Silent for longer than this, an instance is removed from the store.</summary>
    public static readonly TimeSpan PruneAfter = TimeSpan.FromDays(1);

    public EngineInstance Instance { get; } = Describe(options.Value, time.GetUtcNow());

    public string Id => Instance.Id;

    /// <summary>The lease owner of this instance's worker number <paramref name="n"/>.</summary>
    public string WorkerId(int n) => $"{Id}:{n}";

    public static bool IsGone(EngineInstance instance, DateTimeOffset now) => now - instance.HeartbeatAt > GoneAfter;

    private static EngineInstance Describe(AutomationsOptions options, DateTimeOffset now)
    {
        var roles = new List<string>();
        if (options.Worker.Enabled)
        {
            roles.Add("worker");
        }

        if (options.Scheduler.Enabled)
        {
            roles.Add("scheduler");
        }

        roles.Add("api");
        return new EngineInstance
        {
            Id = $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}",
            HostName = Environment.MachineName,
            ProcessId = Environment.ProcessId,
            Roles = roles,
            Concurrency = options.Worker.Enabled ? options.Worker.Concurrency : 0,
            StartedAt = now,
            HeartbeatAt = now,
        };
    }
}
