using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// This filter with a first clause that some value at <paramref name="path"/> equals one of
    /// <paramref name="values"/> (ignoring case): a condition the engine adds, which also keys the match index.
    /// </summary>
    internal WhereFilter Requiring(EventPath path, IReadOnlyList<string> values)
    {
        WhereCondition condition = values.Count == 1 ? new EqualsCondition(values[0]) : new AnyOfCondition([.. values.Select(v => new EqualsCondition(v))]);
        return new WhereFilter([new WhereClause(path, condition), .. _clauses]);
    }

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
    /// The first clause that only passes when some value at its path equals one of a few texts, ignoring case:
    /// an equality to a string, or a list of them (an equality to a number also compares numbers by value, so
    /// it is left out). An event can only pass this filter when one of its values at
    /// <paramref name="path"/> is in <paramref name="values"/> under <see cref="StringComparer.OrdinalIgnoreCase"/>.
    /// </summary>
    internal bool TryGetIndexKey([NotNullWhen(true)] out EventPath? path, [NotNullWhen(true)] out string[]? values)
    {
        foreach (var clause in _clauses)
        {
            switch (clause.Condition)
            {
                case EqualsCondition { ComparesTextOnly: true } equals:
                    (path, values) = (clause.Path, [equals.Expected]);
                    return true;
                case AnyOfCondition anyOf when anyOf.Items.Count > 0
                    && anyOf.Items.All(i => i is EqualsCondition { ComparesTextOnly: true }):
                    (path, values) = (clause.Path, [.. anyOf.Items.Cast<EqualsCondition>().Select(e => e.Expected)]);
                    return true;
                default:
                    break;
            }
        }

        (path, values) = (null, null);
        return false;
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
