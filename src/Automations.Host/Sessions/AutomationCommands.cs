using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Sessions;

/// <summary>
/// What a person does to an automation, from <c>/api</c> and from the console alike: run it now, pause it,
/// resume it, and the switch that pauses them all.
/// </summary>
public sealed class AutomationCommands(IDefinitionCatalog definitions, IngestPipeline pipeline, AutomationPauses pauses, TimeProvider time, WorkSignal? signal = null)
{
    /// <summary>The source and kind of a run by hand.</summary>
    public const string ManualSource = "manual";

    /// <summary>
    /// One run by hand, whatever its triggers: the event is <c>manual</c>, and <paramref name="payload"/> (or
    /// <c>{automation}</c>) is its payload. A paused automation runs too: a person asked for it explicitly.
    /// </summary>
    public async Task<SessionCommandResult> RunAsync(string name, JsonElement? payload, CancellationToken cancellationToken)
    {
        if (definitions.Current.Find(name) is not { } definition)
        {
            return new SessionCommandResult(StatusCodes.Status404NotFound, $"No automation {name}.");
        }

        if (!definition.Enabled)
        {
            return SessionCommandResult.Conflict($"{name} is disabled (enabled: false).");
        }

        var deliveryId = $"{ManualSource}-{SessionIds.New(time)}";
        var triggerEvent = new TriggerEvent
        {
            Source = ManualSource,
            Kind = ManualSource,
            DeliveryId = deliveryId,
            OccurredAt = time.GetUtcNow(),
            Actor = "api",
            Subject = new EventSubject { Type = ManualSource, Id = deliveryId, Title = name },
            // No body binds as null, or as an undefined element: either way the payload names the automation.
            Payload = payload is { ValueKind: not JsonValueKind.Undefined } given ? given : JsonSerializer.SerializeToElement(new { automation = name }),
        };

        // Stored like any delivery, so it can be listed, explained and replayed. Not cancelled with the request:
        // once asked, the run is recorded whole.
        var result = await pipeline.IngestByHandAsync(triggerEvent, definition, CancellationToken.None);
        signal?.Notify(result.Sessions.Count);
        return new SessionCommandResult(
            StatusCodes.Status202Accepted,
            Body: new RunAnswer(result.DeliveryId, result.Status, result.Reason, result.Matched, result.Sessions));
    }

    /// <summary>Pauses <paramref name="name"/>, or every automation when it is <see cref="AutomationPause.All"/>.</summary>
    public async Task<SessionCommandResult> PauseAsync(string name, string? reason, string by, CancellationToken cancellationToken)
    {
        if (Unknown(name) is { } unknown)
        {
            return unknown;
        }

        var why = string.IsNullOrWhiteSpace(reason) ? $"paused by {by}" : reason.Trim();
        if (why.Length > 500)
        {
            return SessionCommandResult.Invalid("The reason is longer than 500 characters.");
        }

        var paused = await pauses.PauseAsync(name, why, by, cancellationToken);
        return new SessionCommandResult(StatusCodes.Status200OK, Body: await StateAsync(name, paused ? "paused" : "already paused", cancellationToken));
    }

    /// <summary>Lifts the pause of <paramref name="name"/>, or the switch that pauses all of them.</summary>
    public async Task<SessionCommandResult> ResumeAsync(string name, CancellationToken cancellationToken)
    {
        if (Unknown(name) is { } unknown)
        {
            return unknown;
        }

        var resumed = await pauses.ResumeAsync(name, cancellationToken);
        return new SessionCommandResult(StatusCodes.Status200OK, Body: await StateAsync(name, resumed ? "resumed" : "was not paused", cancellationToken));
    }

    private SessionCommandResult? Unknown(string name) =>
        name == AutomationPause.All || definitions.Current.Find(name) is not null ? null : new SessionCommandResult(StatusCodes.Status404NotFound, $"No automation {name}.");

    private async Task<object> StateAsync(string name, string done, CancellationToken cancellationToken)
    {
        var snapshot = await pauses.GetAsync(cancellationToken);
        return new { automation = name, done, paused = PauseJson(name == AutomationPause.All ? snapshot.All : snapshot.Of(name)) };
    }

    /// <summary>The answer to a run by hand: the delivery it was stored as, and the sessions it started.</summary>
    public sealed record RunAnswer(string? DeliveryId, string Outcome, string? Reason, IReadOnlyList<string> Matched, IReadOnlyList<string> Sessions);

    /// <summary>A pause as <c>/api</c> shows it: <c>{reason, by, at}</c>, or null.</summary>
    public static object? PauseJson(AutomationPause? pause) => pause is null ? null : new { reason = pause.Reason, by = pause.By, at = pause.At };
}
