using System.Globalization;

namespace Automations.Agents.Adapters;

/// <summary>Helpers for building an agent's command line next to the arguments a person configured.</summary>
internal static class AgentArguments
{
    /// <summary>True when the configured arguments already set one of <paramref name="flags"/> (<c>--flag value</c> or <c>--flag=value</c>).</summary>
    public static bool Sets(IEnumerable<string> configured, params string[] flags) =>
        configured.Any(a => flags.Any(f => a == f || a.StartsWith(f + "=", StringComparison.Ordinal)));

    public static string Number(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>At most <paramref name="max"/> characters of a tool's output, marked where cut.</summary>
    public static string? Excerpt(string? text, int max = 8192) =>
        text is null || text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"\n… ({text.Length - max} more characters)");
}
