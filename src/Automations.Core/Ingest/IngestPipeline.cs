using System.Security.Cryptography;
using System.Text.Json;
using Automations.Core.Actors;
using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Observability;
using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sources;
using Automations.Core.Sources.Custom;

namespace Automations.Core.Ingest;

/// <summary>
/// The one path every delivery takes (ARCHITECTURE.md, steps 2 to 6): verify the signature, take the
/// delivery id, normalize, match, and store the delivery with one session and job per match in a single
/// transaction. Only after that commit does a caller get an answer.
/// </summary>
public sealed class IngestPipeline
{
    private static readonly HashSet<string> UnstoredHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-Hub-Signature", "X-Hub-Signature-256", "Sentry-Hook-Signature", "Linear-Signature", "X-Slack-Signature",
        "webhook-signature", "Authorization", "Cookie", "Proxy-Authorization",
    };

    private readonly Dictionary<string, IWebhookSource> _sources;
    private readonly IWebhookSecrets _secrets;
    private readonly IDefinitionCatalog _definitions;
    private readonly IDeliveryStore _store;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IEventObserver> _observers;
    private readonly AutomationPauses? _pauses;

    /// <param name="sources">The sources deliveries come from.</param>
    /// <param name="secrets">Their secrets.</param>
    /// <param name="definitions">The automations deliveries are matched against.</param>
    /// <param name="store">Where deliveries, sessions and jobs are made durable.</param>
    /// <param name="time">The clock.</param>
    /// <param name="observers">What learns from each delivery beside the automations it starts (<see cref="IEventObserver"/>), called in order.</param>
    /// <param name="pauses">The pause switches: a paused automation's match is refused; null pauses none.</param>
    public IngestPipeline(
        IEnumerable<IWebhookSource> sources, IWebhookSecrets secrets, IDefinitionCatalog definitions, IDeliveryStore store, TimeProvider time, IEnumerable<IEventObserver>? observers = null, AutomationPauses? pauses = null)
    {
        _observers = [.. observers ?? []];
        _pauses = pauses;
        _sources = sources.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        _secrets = secrets;
        _definitions = definitions;
        _store = store;
        _time = time;
    }

    public async Task<IngestResult> IngestAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        using var span = Telemetry.StartDelivery(request.Source);
        return Telemetry.DeliveryEnded(span, await IngestCoreAsync(request, cancellationToken));
    }

    private async Task<IngestResult> IngestCoreAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (!_sources.TryGetValue(request.Source, out var source))
        {
            return await RefuseAsync(request, IngestOutcome.UnknownSource, $"unknown source '{request.Source}'", cancellationToken);
        }

        // Endpoint names are matched in one letter case: the delivery id holds the endpoint, so /custom/Deploys and
        // /custom/deploys must make the same id, or one signed delivery would start a session through each spelling.
        if (request.Endpoint is { } spelled)
        {
            request = request with { Endpoint = spelled.ToLowerInvariant() };
        }

        if (string.Equals(source.Name, CustomWebhookSource.SourceName, StringComparison.Ordinal)
            && !(request.Endpoint is { } endpoint && _definitions.Current.TryGetEndpoint(endpoint, out var owner, out _) && owner.Enabled))
        {
            return await RefuseAsync(request, IngestOutcome.UnknownSource, $"no enabled automation listens on /webhooks/custom/{request.Endpoint}", cancellationToken);
        }

        var signature = source.Verify(request, _secrets.For(request));
        if (signature != SignatureResult.Valid)
        {
            return await RefuseAsync(request, IngestOutcome.Unauthorized, Describe(signature), cancellationToken);
        }

        var receivedAt = _time.GetUtcNow();
        var deliveryId = source.DeliveryId(request);
        if (deliveryId is null)
        {
            // No provider id: a key from the body keeps a resend of the same bytes a duplicate. Where the id is
            // in the body (Sentry, Slack), what the normalizer finds wrong with the body is why there is none.
            var derived = "body-" + Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))[..32];
            var why = source.Normalize(request, derived, receivedAt) is NormalizeResult.Malformed malformed ? malformed.Reason : "The delivery has no delivery id.";
            return await KeepMalformedAsync(request, derived, receivedAt, why, cancellationToken);
        }

        return source.Normalize(request, deliveryId, receivedAt) switch
        {
            NormalizeResult.Normalized normalized => await AcceptAsync(request, normalized, receivedAt, cancellationToken),
            NormalizeResult.Ignored ignored => await KeepIgnoredAsync(request, deliveryId, receivedAt, ignored.Reason, cancellationToken),
            NormalizeResult.Malformed malformed => await KeepMalformedAsync(request, deliveryId, receivedAt, malformed.Reason, cancellationToken),
            NormalizeResult.Challenge challenge => new IngestResult { Outcome = IngestOutcome.Challenge, DeliveryId = deliveryId, Challenge = challenge.Response },
            _ => throw new InvalidOperationException("Unknown normalize result."),
        };
    }

    /// <summary>
    /// Records a delivery turned away at the door (<see cref="Refusals"/>): counted, and kept in a capped
    /// rolling record. A host calls it for what it refuses before the pipeline, such as a body over the cap.
    /// </summary>
    public async Task<IngestResult> RefuseAsync(WebhookRequest request, IngestOutcome outcome, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await _store.RecordAsync(Refusals.Record(request, reason, _time), [], cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
        {
            // The record of a refusal is for the operator; a store that cannot take it must not turn the
            // refusal into a 500, which a forger's retries would then repeat. The answer stays the refusal.
            return new IngestResult { Outcome = outcome, Reason = reason, Unrecorded = true };
        }

        return new IngestResult { Outcome = outcome, Reason = reason };
    }

    /// <summary>
    /// A stored event again, through today's definitions and actor rules, as a new delivery that names the
    /// one it replays. Pull requests are not followed again: that happened when it first came in.
    /// </summary>
    public async Task<IngestResult> ReplayAsync(TriggerEvent stored, ReadOnlyMemory<byte> body, string replayOf, CancellationToken cancellationToken)
    {
        var replay = stored with { DeliveryId = $"replay-{SessionIds.New(_time)}" };
        var (allowed, refused) = Decide(replay, await PausesAsync(cancellationToken));
        return await AcceptAsync(replay, body, "{}", allowed, refused, _time.GetUtcNow(), cancellationToken, replayOf: replayOf);
    }

    /// <summary>
    /// An event the engine made itself, such as a schedule slot: nothing to verify, and it starts the one
    /// automation it was made for, unless that one is paused. Its delivery id is its idempotency key like any other.
    /// </summary>
    public async Task<IngestResult> IngestOwnAsync(TriggerEvent triggerEvent, AutomationDefinition definition, CancellationToken cancellationToken) =>
        await IngestOwnAsync(triggerEvent, definition, (await PausesAsync(cancellationToken)).Why(definition.Name), cancellationToken);

    /// <summary>A run a person asked for by hand: like <see cref="IngestOwnAsync(TriggerEvent, AutomationDefinition, CancellationToken)"/>, and a pause does not hold it back.</summary>
    public Task<IngestResult> IngestByHandAsync(TriggerEvent triggerEvent, AutomationDefinition definition, CancellationToken cancellationToken) =>
        IngestOwnAsync(triggerEvent, definition, paused: null, cancellationToken);

    private async Task<IngestResult> IngestOwnAsync(TriggerEvent triggerEvent, AutomationDefinition definition, string? paused, CancellationToken cancellationToken)
    {
        using var span = Telemetry.StartDelivery(triggerEvent.Source);
        return Telemetry.DeliveryEnded(span, await AcceptAsync(
            triggerEvent,
            JsonSerializer.SerializeToUtf8Bytes(triggerEvent.Payload),
            headersJson: "{}",
            definition.Enabled && paused is null ? [definition] : [],
            definition.Enabled && paused is not null ? [new RefusedMatch(definition.Name, paused)] : [],
            _time.GetUtcNow(),
            cancellationToken));
    }

    private async Task<IngestResult> AcceptAsync(WebhookRequest request, NormalizeResult.Normalized normalized, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        // CI, reviews and merges of a session's pull request go to the session, a push may reload definitions,
        // and so on. Before the delivery is stored: a crash between the two observes it again on redelivery,
        // and observing twice is harmless.
        var judged = new List<RefusedMatch>();
        foreach (var observer in _observers)
        {
            if (observer is IJudgingEventObserver judging)
            {
                judged.AddRange(await judging.JudgeAsync(normalized.Event, cancellationToken));
            }
            else
            {
                await observer.ObserveAsync(normalized.Event, cancellationToken);
            }
        }

        var (allowed, refused) = Decide(normalized.Event, await PausesAsync(cancellationToken));
        refused.AddRange(judged);
        return await AcceptAsync(normalized.Event, request.Body, HeadersJson(request), allowed, refused, receivedAt, cancellationToken, request.HandOver);
    }

    private ValueTask<PauseSnapshot> PausesAsync(CancellationToken cancellationToken) =>
        _pauses?.GetAsync(cancellationToken) ?? ValueTask.FromResult(PauseSnapshot.None);

    private (List<AutomationDefinition> Allowed, List<RefusedMatch> Refused) Decide(TriggerEvent triggerEvent, PauseSnapshot pauses)
    {
        // A paused automation starts nothing; then, who may start each match: on a public repository anyone
        // can comment, so not everyone may start an agent.
        var allowed = new List<AutomationDefinition>();
        var refused = new List<RefusedMatch>();
        foreach (var definition in _definitions.Current.Match(triggerEvent))
        {
            if (pauses.Why(definition.Name) is { } paused)
            {
                refused.Add(new RefusedMatch(definition.Name, paused));
                continue;
            }

            var decision = ActorPolicy.Decide(definition, triggerEvent);
            if (decision.Allowed)
            {
                allowed.Add(definition);
            }
            else
            {
                refused.Add(new RefusedMatch(definition.Name, decision.Reason ?? "refused by its actor rules"));
            }
        }

        return (allowed, refused);
    }

    private async Task<IngestResult> AcceptAsync(
        TriggerEvent triggerEvent,
        ReadOnlyMemory<byte> body,
        string headersJson,
        IReadOnlyList<AutomationDefinition> matches,
        IReadOnlyList<RefusedMatch> refused,
        DateTimeOffset receivedAt,
        CancellationToken cancellationToken,
        JobHandover? handOver = null,
        string? replayOf = null)
    {
        var sessions = matches
            .Select(d => NewSessionOf(d, triggerEvent))
            .ToList();
        var record = new DeliveryRecord
        {
            Source = triggerEvent.Source,
            DeliveryId = triggerEvent.DeliveryId,
            ReceivedAt = receivedAt,
            Status = matches.Count > 0 ? DeliveryStatus.Accepted : DeliveryStatus.Unmatched,
            Kind = triggerEvent.Kind,
            HeadersJson = headersJson,
            Body = body,
            EventJson = triggerEvent.ToEnvelopeJson(),
            Matched = [.. matches.Select(d => d.Name)],
            Refused = refused,
            HandOver = handOver,
            ReplayOf = replayOf,
        };

        var stored = await _store.RecordAsync(record, sessions, cancellationToken);
        if (stored.Duplicate)
        {
            return new IngestResult
            {
                Outcome = IngestOutcome.Duplicate, DeliveryId = record.DeliveryId, Matched = stored.Matched, Sessions = stored.SessionIds,
                Reason = "delivered before: this is the first delivery's answer, and nothing new starts",
            };
        }

        foreach (var session in sessions)
        {
            Telemetry.StatusChanged(session.Automation, stored.Skipped.Contains(session.Id) ? SessionStatus.Terminated : SessionStatus.Queued);
        }

        return new IngestResult
        {
            Outcome = IngestOutcome.Accepted,
            DeliveryId = record.DeliveryId,
            Matched = stored.Matched,
            Sessions = stored.SessionIds,
            Refused = refused,
            Reason = WhyAccepted(triggerEvent.Kind, matches, refused),
            Jobs = [.. sessions.Where(s => !stored.Skipped.Contains(s.Id)).Select(s => new SessionJob(s.Id, s.Automation, record.Source, record.DeliveryId) { TraceParent = s.TraceParent })],
        };
    }

    private Task<IngestResult> KeepIgnoredAsync(WebhookRequest request, string deliveryId, DateTimeOffset receivedAt, string reason, CancellationToken cancellationToken) =>
        KeepAsync(request, deliveryId, receivedAt, DeliveryStatus.Ignored, reason, IngestOutcome.Ignored, cancellationToken);

    private Task<IngestResult> KeepMalformedAsync(WebhookRequest request, string deliveryId, DateTimeOffset receivedAt, string reason, CancellationToken cancellationToken) =>
        KeepAsync(request, deliveryId, receivedAt, DeliveryStatus.Rejected, reason, IngestOutcome.Malformed, cancellationToken);

    private async Task<IngestResult> KeepAsync(
        WebhookRequest request, string deliveryId, DateTimeOffset receivedAt, string status, string reason, IngestOutcome outcome, CancellationToken cancellationToken)
    {
        var record = new DeliveryRecord
        {
            Source = request.Source,
            DeliveryId = deliveryId,
            ReceivedAt = receivedAt,
            Status = status,
            Error = reason,
            HeadersJson = HeadersJson(request),
            Body = request.Body,
        };
        await _store.RecordAsync(record, [], cancellationToken);
        return new IngestResult { Outcome = outcome, DeliveryId = deliveryId, Reason = reason };
    }

    private static string WhyAccepted(string kind, IReadOnlyList<AutomationDefinition> matches, IReadOnlyList<RefusedMatch> refused) =>
        (matches.Count, refused.Count) switch
        {
            ( > 0, _) => $"{kind} matched {string.Join(", ", matches.Select(m => m.Name))}",
            (0, > 0) => $"{kind} matched, but it was refused: {string.Join("; ", refused.Select(r => $"{r.Automation}: {r.Reason}"))}",
            _ => $"no enabled automation matched {kind}; the delivery's detail says why each one missed",
        };

    /// <summary>The repository when it is no template; a templated one is rendered by the worker.</summary>
    private NewSession NewSessionOf(AutomationDefinition definition, TriggerEvent triggerEvent)
    {
        var id = SessionIds.New(_time);
        return new NewSession(id, definition.Name, triggerEvent.Kind, StaticRepository(definition))
        {
            ConcurrencyKey = DefinitionRendering.SessionKey(definition, triggerEvent, id),
            SkipWhenHeld = definition.Concurrency?.OnConflict != ConcurrencyConflict.Queue,
            TraceParent = Telemetry.CurrentTraceParent(),
            Definition = definition.Provenance,
            Subject = triggerEvent is { Source: "github", Repository: { } repository, Subject.Number: { } number } ? $"{repository}#{number}" : null,
        };
    }

    private static string? StaticRepository(AutomationDefinition definition) =>
        definition.Repository.Contains("{{", StringComparison.Ordinal) ? null : definition.Repository;

    private static string HeadersJson(WebhookRequest request) =>
        JsonSerializer.Serialize(request.Headers.Where(h => !UnstoredHeaders.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));

    private static string Describe(SignatureResult result) => result switch
    {
        SignatureResult.MissingSecret => "no secret is configured for this source, so every delivery is refused",
        SignatureResult.MissingSignature => "the delivery has no signature header",
        SignatureResult.MalformedSignature => "the signature header is malformed",
        SignatureResult.SignatureMismatch => "the signature does not match the body",
        SignatureResult.TimestampOutOfRange => "the delivery's timestamp is outside the allowed window",
        _ => result.ToString(),
    };
}
