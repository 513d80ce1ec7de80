using System.Text.RegularExpressions;
using Automations.Core.Matching;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>Reads <c>- webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }</c> (<c>POST /webhooks/custom/deploys</c>).</summary>
internal static partial class WebhookTriggerParser
{
    private const string Example = "webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }";
    internal const string EnvPrefix = "env:";

    internal static readonly string[] Keys = ["endpoint", "secret", "where"];

    /// <summary>The trigger, of kind <c>webhook.{endpoint}</c>, or null after reporting why not.</summary>
    public static TriggerSpec? Parse(YamlMappingNode settings, ParseContext context)
    {
        var errors = context.ErrorCount;
        var entries = context.Entries(settings, Keys, "webhook");

        string? endpoint = null;
        if (!entries.TryGetValue("endpoint", out var endpointNode))
        {
            context.Error(settings, $"'webhook' needs 'endpoint', such as {Example}");
        }
        else if (context.Text(endpointNode, "endpoint") is { } text)
        {
            if (!EndpointPattern().IsMatch(text))
            {
                context.Error(endpointNode, $"endpoint '{text}' may hold only letters, digits, '-' and '_' (at most 100)");
            }
            else if (context.Endpoints.Exists(e => e.Endpoint.Equals(text, StringComparison.OrdinalIgnoreCase)))
            {
                context.Error(endpointNode, $"duplicate endpoint '{text}': already used by another trigger of this file");
            }
            else
            {
                endpoint = text;
                context.Endpoints.Add((text, (int)endpointNode.Start.Line, (int)endpointNode.Start.Column));
            }
        }

        string? variable = null;
        if (!entries.TryGetValue("secret", out var secretNode))
        {
            context.Error(settings, $"'webhook' needs 'secret', such as {Example}");
        }
        else
        {
            variable = SecretVariable(secretNode, context);
        }

        var where = entries.TryGetValue("where", out var whereNode) ? WhereParser.Parse(whereNode, context) : WhereFilter.Always;
        return context.ErrorCount == errors && endpoint is not null && variable is not null && where is not null
            ? new TriggerSpec { Source = "webhook", Kinds = [$"webhook.{endpoint}"], Where = where, Endpoint = endpoint, SecretVariable = variable }
            : null;
    }

    /// <summary>An endpoint's pattern, which the definitions' JSON Schema carries too.</summary>
    internal const string EndpointPatternText = @"\A[A-Za-z0-9_-]{1,100}\z";

    [GeneratedRegex(EndpointPatternText, RegexOptions.CultureInvariant)]
    private static partial Regex EndpointPattern();

    /// <summary><c>secret: env:NAME</c>: the variable's name, or null after reporting why not. A literal secret is refused.</summary>
    public static string? SecretVariable(YamlNode node, ParseContext context)
    {
        if (context.Text(node, "secret") is not { } secret)
        {
            return null;
        }

        // Never echo the value: it may be the secret itself.
        if (!secret.StartsWith(EnvPrefix, StringComparison.Ordinal))
        {
            context.Error(node, "write secret: env:NAME; secrets do not belong in definition files");
            return null;
        }

        if (!VariablePattern().IsMatch(secret[EnvPrefix.Length..]))
        {
            context.Error(node, "'secret' names an environment variable: env: then letters, digits and '_', not starting with a digit, such as env:DEPLOY_HOOK_SECRET");
            return null;
        }

        return secret[EnvPrefix.Length..];
    }

    /// <summary>A secret variable's name's pattern, which the definitions' JSON Schema carries too.</summary>
    internal const string VariablePatternText = @"\A[A-Za-z_][A-Za-z0-9_]*\z";

    [GeneratedRegex(VariablePatternText, RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();
}
