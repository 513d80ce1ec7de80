using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Templates;

/// <summary>
/// JSON as plain objects Handlebars can walk: objects become <see cref="Dictionary{TKey,TValue}"/>, arrays
/// <see cref="List{T}"/>, and values strings, longs, decimals (or doubles), booleans and nulls.
/// </summary>
internal static class TemplateModel
{
    /// <summary>The event exactly as <see cref="TriggerEvent.ToJson"/> writes it.</summary>
    public static object? FromEvent(TriggerEvent triggerEvent) =>
        FromJson(JsonSerializer.SerializeToElement(triggerEvent, EventJson.Options));

    public static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    properties[property.Name] = FromJson(property.Value);
                }

                return properties;
            case JsonValueKind.Array:
                var items = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(FromJson(item));
                }

                return items;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var integer) ? integer
                    : element.TryGetDecimal(out var number) ? number
                    : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
