using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Automations.Integrations.Http;

/// <summary>
/// The fields of a provider's answer that its model says are always there (non-nullable) but that came
/// back absent or null. The serializer leaves them null, and code that trusts the model's types then
/// throws far from the cause; checked here, the answer is an <see cref="ProviderErrorKind.InvalidResponse"/>
/// error that names the field.
/// </summary>
public static class MissingFields
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The first missing field as the provider spells it (<c>head.ref</c>), or null when none is.</summary>
    public static string? Find(object value, JsonNamingPolicy? naming) => Find(value, naming, "", depth: 0);

    private static string? Find(object? value, JsonNamingPolicy? naming, string path, int depth)
    {
        if (value is null || depth > 8 || value is string || value.GetType().IsPrimitive || value is JsonElement)
        {
            return null;
        }

        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                if (Find(item, naming, $"{path}[{index++}]", depth + 1) is { } missing)
                {
                    return missing;
                }
            }

            return null;
        }

        if (value.GetType().Namespace?.StartsWith("Automations.Integrations", StringComparison.Ordinal) != true)
        {
            return null;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
            {
                continue;
            }

            var name = (path.Length > 0 ? path + "." : "") + (naming?.ConvertName(property.Name) ?? property.Name);
            var field = property.GetValue(value);
            if (field is null && !property.PropertyType.IsValueType && Nullability.Create(property).ReadState == NullabilityState.NotNull)
            {
                return name;
            }

            if (Find(field, naming, name, depth + 1) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}
