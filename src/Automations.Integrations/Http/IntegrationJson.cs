using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automations.Integrations.Http;

/// <summary>The providers' JSON: unknown fields are ignored, nulls are not sent.</summary>
public static class IntegrationJson
{
    /// <summary>GitHub and Slack: <c>snake_case</c>.</summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Linear and Sentry: <c>camelCase</c>.</summary>
    public static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
