using Automations.Core.Templates;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>The readers of <c>setup</c>, <c>concurrency</c>, <c>budget</c>, <c>pause_below</c>, <c>branch</c> and durations.</summary>
public static partial class DefinitionParser
{
    private const string ConcurrencyExample = "concurrency: { key: \"{{ event.subject.id }}\", max: 2, on_conflict: skip }";

    internal static readonly string[] ConcurrencyKeys = ["key", "max", "on_conflict"];
    internal static readonly string[] Conflicts = ["skip", "queue"];
    internal static readonly string[] BudgetKeys = ["daily_usd"];
    internal static readonly string[] PauseBelowKeys = ["success_rate", "after"];

    private const string PauseBelowExample = "pause_below: { success_rate: 0.3, after: 10 }";

    /// <summary>A duration such as 30m, or null after reporting why not.</summary>
    private static TimeSpan? Duration(YamlNode node, string name, ParseContext context)
    {
        if (context.Text(node, name) is not { } text)
        {
            return null;
        }

        if (Durations.TryParse(text, name, out var error) is { } duration)
        {
            return duration;
        }

        context.Error(node, error!);
        return null;
    }

    /// <summary><c>setup:</c> (or <c>prebuild.commands</c>) one command or a list of them; YAML's null is no commands.</summary>
    private static IReadOnlyList<string> Setup(YamlNode node, ParseContext context, string name = "setup")
    {
        switch (node)
        {
            case YamlSequenceNode sequence:
                var commands = new List<string>();
                foreach (var item in sequence)
                {
                    if (context.Text(item, name) is { } command)
                    {
                        commands.Add(command);
                    }
                }

                return commands;
            case YamlMappingNode:
                context.Error(node, $"'{name}' is a list of shell commands, such as {name}: [npm ci, npm run build]");
                return [];
            default:
                return ParseContext.IsNull(node) ? [] : context.Text(node, name) is { } single ? [single] : [];
        }
    }

    private static ConcurrencySpec? Concurrency(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, $"'concurrency' must be a mapping, such as {ConcurrencyExample}");
            return null;
        }

        var errors = context.ErrorCount;
        var entries = context.Entries(mapping, ConcurrencyKeys, "concurrency");
        var key = entries.TryGetValue("key", out var keyNode) ? Template(keyNode, "key", context) : null;
        var max = entries.TryGetValue("max", out var maxNode) ? context.PositiveInteger(maxNode, "max") : null;
        var conflict = entries.TryGetValue("on_conflict", out var conflictNode) ? Conflict(conflictNode, context) : ConcurrencyConflict.Skip;
        return context.ErrorCount == errors && conflict is not null
            ? new ConcurrencySpec { Key = key, Max = max, OnConflict = conflict.Value }
            : null;
    }

    private static ConcurrencyConflict? Conflict(YamlNode node, ParseContext context)
    {
        if (context.Text(node, "on_conflict") is not { } text)
        {
            return null;
        }

        switch (text.ToLowerInvariant())
        {
            case "skip":
                return ConcurrencyConflict.Skip;
            case "queue":
                return ConcurrencyConflict.Queue;
            default:
                var suggestion = Suggestions.Closest(text, Conflicts);
                context.Error(node, $"'on_conflict' is skip or queue, not '{text}'{(suggestion is null ? "" : $" (did you mean '{suggestion}'?)")}");
                return null;
        }
    }

    private static BudgetSpec? Budget(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'budget' must be a mapping, such as budget: { daily_usd: 20 }");
            return null;
        }

        var entries = context.Entries(mapping, BudgetKeys, "budget");
        if (!entries.TryGetValue("daily_usd", out var dailyNode))
        {
            context.Error(node, "'budget' needs 'daily_usd', such as budget: { daily_usd: 20 }");
            return null;
        }

        return context.PositiveNumber(dailyNode, "daily_usd") is { } daily ? new BudgetSpec { DailyUsd = daily } : null;
    }

    private static PauseBelowSpec? PauseBelow(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, $"'pause_below' must be a mapping, such as {PauseBelowExample}");
            return null;
        }

        var entries = context.Entries(mapping, PauseBelowKeys, "pause_below");
        var missing = PauseBelowKeys.Where(k => !entries.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            context.Error(node, $"'pause_below' needs {string.Join(" and ", missing.Select(k => $"'{k}'"))}, such as {PauseBelowExample}");
            return null;
        }

        var rate = context.PositiveNumber(entries["success_rate"], "success_rate");
        if (rate > 1)
        {
            context.Error(entries["success_rate"], $"'success_rate' is a share between 0 and 1, such as 0.3 for 30%, not {rate}");
            return null;
        }

        var after = context.PositiveInteger(entries["after"], "after");
        return rate is { } r && after is { } a ? new PauseBelowSpec { SuccessRate = r, After = a } : null;
    }

    /// <summary><c>branch:</c> a template, or a literal name git accepts.</summary>
    private static string? Branch(YamlNode node, ParseContext context)
    {
        if (context.Text(node, "branch") is not { } text)
        {
            return null;
        }

        if (text.Contains("{{", StringComparison.Ordinal))
        {
            return Template(node, "branch", context);
        }

        if (GitBranchName.Problem(text) is { } problem)
        {
            context.Error(node, $"'branch' is not a valid branch name: '{text}' {problem}");
            return null;
        }

        return text;
    }

    /// <summary>A trimmed text that compiles as a template, or null after reporting why not.</summary>
    private static string? Template(YamlNode node, string name, ParseContext context)
    {
        return context.Text(node, name) is { } text ? CheckedTemplate(node, name, text, context) : null;
    }
}
