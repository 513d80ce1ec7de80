using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>An event to append, and what it changes on the session.</summary>
public sealed record SessionEventDraft(string Type, JsonElement Data, SessionChange? Change = null);
