using System.Globalization;
using System.Text;
using System.Text.Json;
using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Core.Templates;
using Automations.Core.Work;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;

namespace Automations.Integrations.Actions;

/// <summary>
/// One reconcile of one session: the session as its run knows it, its events and action ledger, the event
/// that started it (all read once per run, not once per reconcile), and the helpers every action uses to
/// record its steps. A provider that is down or limiting defers the rest (<see cref="Deferred"/>): a value
/// the runner turns into a retry of the job, not an exception.
/// </summary>
internal sealed class ActionRun(SessionRun run, AutomationDefinition definition, IReadOnlyList<SessionEvent> events, TriggerEvent? trigger, Uri? publicUrl)
{
    private IReadOnlyList<SessionEvent> _events = events;

    /// <summary>The statuses a session rests in once its agent is done: comments and the result webhook wait for one.</summary>
    private static readonly HashSet<string> AtRest = new(StringComparer.Ordinal)
    {
        SessionStatus.PrOpen, SessionStatus.CiFailed, SessionStatus.ReviewPending, SessionStatus.ChangesRequested,
        SessionStatus.Approved, SessionStatus.Mergeable, SessionStatus.Merged, SessionStatus.Done, SessionStatus.Errored,
    };

    public Session Session => run.Session;

    /// <summary>Why the rest of this reconcile waits for the job's next attempt: a provider was down or limiting; null while none was.</summary>
    public string? Deferred { get; private set; }

    public AutomationDefinition Definition => definition;

    public IReadOnlyList<SessionEvent> Events => _events;

    public ActionLedger Ledger { get; private set; } = ActionLedger.From(events);

    public TriggerEvent? Trigger => trigger;

    public bool IsAtRest => AtRest.Contains(Session.Status);

    /// <summary>
    /// The session's page in the console, where a person answers, stops or resumes it; null without a public
    /// URL. Links for people (pull requests, comments, Slack, notifications, <c>session.url</c>) go here: the
    /// API's address would answer them 401.
    /// </summary>
    public Uri? SessionUrl => publicUrl is null ? null : new Uri(publicUrl, $"sessions/{Session.Id}");

    /// <summary>The session in the API (<c>GET /api/sessions/{id}</c>), for a program that holds a key; null without a public URL.</summary>
    public Uri? SessionApiUrl => publicUrl is null ? null : new Uri(publicUrl, $"api/sessions/{Session.Id}");

    /// <summary>The session's repository on GitHub, when it is one (<c>owner/name</c>).</summary>
    public GitHubRepository? Repository => GitHubRepository.TryParse(Session.Repository, out var repository)
        ? repository with { InstallationId = trigger is null ? null : GitHubInstallation.FromPayload(trigger.Payload) }
        : null;

    /// <summary>The last commit pushed to the session's branch, or null when nothing was.</summary>
    public string? PushedCommit => _events.LastOrDefault(e => e.Type == SessionEventTypes.Branch) is { } pushed && pushed.Data.TryGetProperty("commit", out var commit) ? commit.GetString() : null;

    /// <summary>What the agent said at the end of its last turn.</summary>
    public string? AgentResult => _events.LastOrDefault(e => e.Type == SessionEventTypes.MessageComplete) is { } done && done.Data.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.String ? result.GetString() : null;

    public TemplateContext Templates() => new()
    {
        Event = trigger ?? new TriggerEvent
        {
            Source = Session.Trigger.Source,
            Kind = Session.Trigger.Kind,
            DeliveryId = Session.Trigger.DeliveryId,
            OccurredAt = Session.CreatedAt,
            Subject = new EventSubject { Type = "session" },
            Payload = JsonSerializer.SerializeToElement(new { }),
        },
        AutomationName = definition.Name,
        AutomationDescription = definition.Description,
        SessionId = Session.Id,
        SessionBranch = Session.Branch,
        SessionStatus = Session.Status,
        SessionUrl = SessionUrl?.AbsoluteUri,
        SessionCostUsd = Session.CostUsd,
        PullRequest = Session.PullRequest,
    };

    /// <summary>Renders a definition's template; a template that fails to render (it compiled when loaded) says why in its place.</summary>
    public string Render(string template)
    {
        var rendered = TemplateRenderer.Shared.Render(template, Templates());
        return rendered.Text ?? $"(template error: {rendered.Error})";
    }

    /// <summary>The marker that finds this action's comment again: an HTML comment, invisible where Markdown is shown.</summary>
    public string Marker(string key) => $"<!-- automations:{Session.Id}:{key} -->";

    /// <summary>A few lines about the session for pull requests and comments: status, links, cost, the agent's last words.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Automation **{definition.Name}**, session `{Session.Id}`");
        if (SessionUrl is { } url)
        {
            text.Append(CultureInfo.InvariantCulture, $" ([open]({url.AbsoluteUri}))");
        }

        text.Append(CultureInfo.InvariantCulture, $": {Session.Status}");
        if (trigger?.Subject.Url is { } subject)
        {
            text.Append(CultureInfo.InvariantCulture, $", started by {trigger.Kind} ({subject})");
        }

        if (Session.PullRequest is { } pullRequest)
        {
            text.Append(CultureInfo.InvariantCulture, $". Pull request: {pullRequest.Url}");
        }

        text.Append(CultureInfo.InvariantCulture, $". Cost ${Session.CostUsd.ToString("0.00", CultureInfo.InvariantCulture)}.");
        if (AgentResult is { Length: > 0 } result)
        {
            text.Append("\n\n> ").Append(result.Trim().Replace("\n", "\n> ", StringComparison.Ordinal));
        }

        return text.ToString();
    }

    /// <summary>Appends drafts; the run then knows the session they produced, and reads the events that are new.</summary>
    public async Task RecordAsync(IReadOnlyList<SessionEventDraft> drafts, CancellationToken cancellationToken, bool wake = false)
    {
        await (wake ? run.PostAsync(drafts, cancellationToken) : run.AppendAsync(drafts, cancellationToken));
        _events = await run.EventsAsync(cancellationToken);
        Ledger = ActionLedger.From(_events);
    }

    /// <summary>Records that <paramref name="key"/> is about to act, unless an earlier attempt already did.</summary>
    public Task StartAsync(string key, CancellationToken cancellationToken) =>
        Ledger.Find(key) is null ? RecordAsync([SessionEvents.ActionStarted(key)], cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// A provider's failure: a transient one defers the rest (<see cref="Deferred"/>; the job is retried with
    /// backoff) and answers null; a refusal is recorded on the session with the provider's own message, and answered.
    /// </summary>
    public async Task<string?> FailAsync(string key, ProviderError error, CancellationToken cancellationToken)
    {
        if (IsTransient(error))
        {
            Defer(key, error);
            return null;
        }

        var message = $"{key}: {error}";
        await RecordAsync([SessionEvents.ActionFailed(key, message)], cancellationToken);
        return message;
    }

    /// <summary>The provider could not be reached, or limits us: the rest of the reconcile waits for the job's next attempt.</summary>
    public void Defer(string key, ProviderError error) => Deferred ??= $"{key}: {error}";

    /// <summary>True for errors that a later attempt may not meet: the provider was down or limiting, not refusing.</summary>
    public static bool IsTransient(ProviderError error) =>
        error.Kind is ProviderErrorKind.Unavailable or ProviderErrorKind.RateLimited or ProviderErrorKind.Network;
}
