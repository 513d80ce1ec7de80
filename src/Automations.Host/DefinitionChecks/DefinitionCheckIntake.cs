using System.Text.Json;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Events;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// The webhook path's part: a GitHub <c>pull_request</c> delivery (<c>opened</c>, <c>synchronize</c>,
/// <c>reopened</c>) in a repository the engine acts on records a check as due for its head commit, and wakes
/// the worker. Nothing more happens before the answer: whether the pull request changes <c>.automations/</c>
/// at all is the worker's question. A duplicate records again (a crash may have come between the delivery
/// and the record); the store keeps one per head commit.
/// </summary>
public sealed partial class DefinitionCheckIntake(IDefinitionChecks checks, IDefinitionCheckScope scope, WorkSignal signal, ILogger<DefinitionCheckIntake> logger) : IEventObserver
{
    private static readonly string[] Kinds = ["github.pull_request.opened", "github.pull_request.synchronize", "github.pull_request.reopened"];

    /// <summary>Records the check a delivery calls for, if any; a failure is logged, never the webhook's.</summary>
    public async Task ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        if (Read(triggerEvent) is not { } check || !scope.Covers(check.Repository))
        {
            return;
        }

        try
        {
            if (await checks.AddAsync(check, cancellationToken))
            {
                Log.Due(logger, check.Repository, check.PullNumber, check.HeadSha);
                signal.Notify(1);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.NotRecorded(logger, check.Repository, check.PullNumber, ex);
        }
    }

    /// <summary>The check a <c>pull_request</c> delivery calls for; null for another action or a payload without what it needs.</summary>
    internal static DefinitionCheck? Read(TriggerEvent triggerEvent)
    {
        var root = triggerEvent.Payload;
        if (!Kinds.Contains(triggerEvent.Kind) || root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("pull_request", out var pull) || pull.ValueKind != JsonValueKind.Object
            || Text(root, "repository", "full_name") is not { } repository
            || Text(pull, "head", "sha") is not { } head || Text(pull, "base", "sha") is not { } @base
            || !pull.TryGetProperty("number", out var number) || number.ValueKind != JsonValueKind.Number || !number.TryGetInt32(out var pullNumber))
        {
            return null;
        }

        return new DefinitionCheck(repository, pullNumber, head, @base, triggerEvent.DeliveryId);
    }

    private static string? Text(JsonElement element, string parent, string name) =>
        element.TryGetProperty(parent, out var inner) && inner.ValueKind == JsonValueKind.Object
        && inner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Definition check due on {Repository}#{Number} at {HeadSha}")]
        public static partial void Due(ILogger logger, string repository, int number, string headSha);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "The definition check of {Repository}#{Number} was not recorded")]
        public static partial void NotRecorded(ILogger logger, string repository, int number, Exception exception);
    }
}
