using System.Text.Json;
using Automations.Core.Ports;

namespace Automations.Core.Sessions;

/// <summary>Builders for the drafts the engine appends.</summary>
public static class SessionEvents
{
    public static SessionEventDraft Status(string status, string? reason = null) =>
        new(SessionEventTypes.Status, Json(new { status, reason }), new SessionChange { Status = status, Error = status is SessionStatus.Errored or SessionStatus.Terminated or SessionStatus.Stuck ? reason : null });

    public static SessionEventDraft Of(string type, object data, SessionChange? change = null) => new(type, Json(data), change);

    /// <summary>An action is about to have its side effect.</summary>
    public static SessionEventDraft ActionStarted(string key) => Of(SessionEventTypes.Action, new { key, state = Actions.ActionLedger.Started });

    /// <summary>The action's side effect happened; <paramref name="result"/> is what the provider answered (a number, a URL, a ts).</summary>
    public static SessionEventDraft ActionDone(string key, object? result, SessionChange? change = null) =>
        Of(SessionEventTypes.Action, new { key, state = Actions.ActionLedger.Done, result }, change);

    /// <summary>The action failed for good, with the provider's own message.</summary>
    public static SessionEventDraft ActionFailed(string key, string error) => Of(SessionEventTypes.Action, new { key, state = Actions.ActionLedger.Failed, error });

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, Events.EventJson.Options);
}
