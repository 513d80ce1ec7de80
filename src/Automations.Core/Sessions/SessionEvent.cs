using System.Text.Json;

namespace Automations.Core.Sessions;

/// <summary>One appended step of a session, in order. <see cref="Data"/> is the type's own JSON object.</summary>
public sealed record SessionEvent(string SessionId, long Seq, DateTimeOffset At, string Type, JsonElement Data);
