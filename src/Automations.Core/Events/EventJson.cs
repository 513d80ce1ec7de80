using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automations.Core.Events;

/// <summary>The JSON conventions of every event and API answer: camelCase, nulls written.</summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };
}
