using Automations.Core.Matching;
using Automations.Core.Schedules;

namespace Automations.Core.Definitions;

/// <summary>One entry of <c>on:</c>: a source, the event kinds it accepts, and its <c>where</c> filter.</summary>
public sealed record TriggerSpec
{
    /// <summary><c>github</c>, <c>sentry</c>, <c>linear</c>, <c>slack</c>, <c>webhook</c>, <c>schedule</c>.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// Full kinds this trigger listens to, such as <c>github.issues.labeled</c>, or a kind prefix such as
    /// <c>github.issues</c> that accepts every action of the event.
    /// </summary>
    public required IReadOnlyList<string> Kinds { get; init; }

    public WhereFilter Where { get; init; } = WhereFilter.Always;

    /// <summary>For a <c>schedule</c> trigger: when it fires. Null for other sources.</summary>
    public CronSchedule? Schedule { get; init; }

    /// <summary>For a <c>webhook</c> trigger: the endpoint name in <c>POST /webhooks/custom/{endpoint}</c>. Null for other sources.</summary>
    public string? Endpoint { get; init; }

    /// <summary>
    /// For a <c>webhook</c> trigger: the environment variable holding the signing secret (from
    /// <c>secret: env:NAME</c>); the host reads it, the file never holds the secret. Null for other sources.
    /// </summary>
    public string? SecretVariable { get; init; }
}
