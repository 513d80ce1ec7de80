using System.Text.Json.Nodes;
using Automations.Integrations.Http;

namespace Automations.Integrations.Linear;

/// <summary>
/// An agent session's side of Linear's GraphQL API (Linear's "Agent interaction"): <c>agentActivityCreate</c>
/// (a thought, an action, an elicitation, a response or an error), <c>agentSessionUpdate</c> (its external
/// links and plan) and <c>agentSessionCreateOnIssue</c> (a session the app starts itself). Each needs the
/// app's OAuth token (<see cref="LinearClientOptions.AccessToken"/>).
/// </summary>
public sealed partial class LinearClient
{
    private const string ActivityMutation = """
        mutation AgentActivityCreate($input: AgentActivityCreateInput!) {
          agentActivityCreate(input: $input) { success agentActivity { id } }
        }
        """;

    private const string ActivityQuery = """
        query AgentActivity($id: String!) {
          agentActivity(id: $id) { id }
        }
        """;

    private const string SessionUpdateMutation = """
        mutation AgentSessionUpdate($id: String!, $input: AgentSessionUpdateInput!) {
          agentSessionUpdate(id: $id, input: $input) { success }
        }
        """;

    private const string SessionOnIssueMutation = """
        mutation AgentSessionCreateOnIssue($input: AgentSessionCreateOnIssue!) {
          agentSessionCreateOnIssue(input: $input) { success agentSession { id } }
        }
        """;

    /// <summary>
    /// Posts <paramref name="activity"/> to the agent session, with its <see cref="LinearActivity.Id"/> (or a new
    /// one); the activity's id. It is posted once: when the post fails (the client's retry of a post whose answer
    /// was lost finds the id taken, and so does a second attempt after a crash), the activity is looked for by its
    /// id, and one that is there was posted.
    /// </summary>
    public async Task<ProviderResult<string>> CreateActivityAsync(string agentSessionId, LinearActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var id = activity.Id ?? Guid.NewGuid().ToString();
        var input = new JsonObject { ["id"] = id, ["agentSessionId"] = agentSessionId, ["content"] = activity.Content.DeepClone() };
        if (activity.Ephemeral)
        {
            input["ephemeral"] = true;
        }

        if (activity.Signal is { } signal)
        {
            input["signal"] = signal;
            input["signalMetadata"] = activity.SignalMetadata?.DeepClone();
        }

        var data = await QueryAsync(ActivityMutation, new JsonObject { ["input"] = input }, cancellationToken);
        if (data.Succeeded || data.Error.Kind == ProviderErrorKind.NotConfigured)
        {
            return data.Succeeded ? Succeeded(data.Value["agentActivityCreate"], "agentActivity", "agentActivityCreate") : data.As<string>();
        }

        var found = await QueryAsync(ActivityQuery, new JsonObject { ["id"] = id }, cancellationToken);
        return found.Succeeded && found.Value["agentActivity"]?["id"] is JsonValue existing && existing.TryGetValue<string>(out var value) && value == id
            ? id
            : data.As<string>();
    }

    /// <summary>Replaces the agent session's external links (<c>externalUrls</c>, label and url each) and, when given, its plan.</summary>
    public async Task<ProviderResult<bool>> UpdateSessionAsync(string agentSessionId, IReadOnlyList<(string Label, Uri Url)>? externalUrls, JsonArray? plan, CancellationToken cancellationToken)
    {
        var input = new JsonObject();
        if (externalUrls is not null)
        {
            input["externalUrls"] = new JsonArray([.. externalUrls.Select(u => (JsonNode)new JsonObject { ["label"] = u.Label, ["url"] = u.Url.ToString() })]);
        }

        if (plan is not null)
        {
            input["plan"] = plan.DeepClone();
        }

        var data = await QueryAsync(SessionUpdateMutation, new JsonObject { ["id"] = agentSessionId, ["input"] = input }, cancellationToken);
        if (!data.Succeeded)
        {
            return data.As<bool>();
        }

        return data.Value["agentSessionUpdate"]?["success"] is JsonValue success && success.TryGetValue<bool>(out var succeeded) && succeeded
            ? true
            : new ProviderError(Provider, ProviderErrorKind.Rejected, "agentSessionUpdate did not succeed");
    }

    /// <summary>Starts an agent session of the app on the issue (its UUID or identifier), linked to <paramref name="externalUrl"/>; the session's id.</summary>
    public async Task<ProviderResult<string>> CreateSessionOnIssueAsync(string issueId, (string Label, Uri Url)? externalUrl, CancellationToken cancellationToken)
    {
        var input = new JsonObject { ["issueId"] = issueId };
        if (externalUrl is { } link)
        {
            input["externalUrls"] = new JsonArray(new JsonObject { ["label"] = link.Label, ["url"] = link.Url.ToString() });
        }

        var data = await QueryAsync(SessionOnIssueMutation, new JsonObject { ["input"] = input }, cancellationToken);
        return data.Succeeded ? Succeeded(data.Value["agentSessionCreateOnIssue"], "agentSession", "agentSessionCreateOnIssue") : data.As<string>();
    }

    /// <summary>The id of <paramref name="entity"/> in a payload with <c>success: true</c>; an error value otherwise.</summary>
    private static ProviderResult<string> Succeeded(JsonNode? payload, string entity, string mutation) =>
        payload?["success"] is JsonValue success && success.TryGetValue<bool>(out var succeeded) && succeeded
            && payload[entity]?["id"] is JsonValue id && id.TryGetValue<string>(out var value)
            ? value
            : new ProviderError(Provider, ProviderErrorKind.Rejected, $"{mutation} did not succeed");
}
