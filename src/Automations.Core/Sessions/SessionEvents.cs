using System.Text.Json;
using Automations.Core.Ports;

namespace Automations.Core.Sessions;

/// <summary>Builders for the drafts the runner appends.</summary>
internal static class SessionEvents
{
    public static SessionEventDraft Status(string status, string? reason = null) =>
        new(SessionEventTypes.Status, Json(new { status, reason }), new SessionChange { Status = status, Error = status is SessionStatus.Errored or SessionStatus.Terminated or SessionStatus.Stuck ? reason : null });

    public static SessionEventDraft Of(string type, object data, SessionChange? change = null) => new(type, Json(data), change);

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, Events.EventJson.Options);
}
