using Automations.Core.Events;

namespace Automations.Core.Matching;

/// <summary>
/// A compiled <c>where:</c> block: every clause must match (AND). Each clause resolves its path in the event
/// and tests the values found with its condition (equality, any-of, glob, regex, not, exists).
/// </summary>
public sealed class WhereFilter
{
    private const int MaxValuesShown = 5;

    private readonly WhereClause[] _clauses;

    internal WhereFilter(IEnumerable<WhereClause> clauses) => _clauses = [.. clauses];

    /// <summary>The filter of a trigger with no <c>where</c>.</summary>
    public static WhereFilter Always { get; } = new([]);

    /// <summary>True when the event passes every condition.</summary>
    public bool Matches(TriggerEvent triggerEvent)
    {
        foreach (var clause in _clauses)
        {
            if (!clause.Condition.Matches(clause.Path.Resolve(triggerEvent)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the event passes every condition, reading each path's values through <paramref name="paths"/>
    /// so that filters on the same path share one resolution.
    /// </summary>
    internal bool Matches(ResolvedPaths paths)
    {
        foreach (var clause in _clauses)
        {
            if (!clause.Condition.Matches(paths.Resolve(clause.Path)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Null when the event passes; otherwise the first failing condition, such as
    /// <c>payload.label.name is 'bug', wanted 'autofix'</c>.
    /// </summary>
    public string? Explain(TriggerEvent triggerEvent)
    {
        foreach (var clause in _clauses)
        {
            var values = clause.Path.Resolve(triggerEvent);
            if (!clause.Condition.Matches(values))
            {
                return $"{clause.Path} is {Show(values)}, wanted {clause.Condition.Describe()}";
            }
        }

        return null;
    }

    /// <summary>The conditions, one <c>path: wanted</c> per clause, or <c>always</c>.</summary>
    public override string ToString() =>
        _clauses.Length == 0 ? "always" : string.Join("; ", _clauses.Select(c => $"{c.Path}: {c.Condition.Describe()}"));

    private static string Show(IReadOnlyList<EventValue> values) => values.Count switch
    {
        0 => "missing",
        1 => values[0].ToString(),
        _ => "[" + string.Join(", ", values.Take(MaxValuesShown))
            + (values.Count > MaxValuesShown ? $", … {values.Count - MaxValuesShown} more" : "") + "]",
    };
}
