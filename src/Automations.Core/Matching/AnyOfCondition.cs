namespace Automations.Core.Matching;

/// <summary>A list: any of its items matches.</summary>
internal sealed class AnyOfCondition(IReadOnlyList<WhereCondition> items) : WhereCondition
{
    /// <summary>The alternatives, in the order written.</summary>
    internal IReadOnlyList<WhereCondition> Items => items;

    public override bool Matches(IReadOnlyList<EventValue> values)
    {
        foreach (var item in items)
        {
            if (item.Matches(values))
            {
                return true;
            }
        }

        return false;
    }

    public override string Describe() => "any of " + string.Join(", ", items.Select(i => i.Describe()));
}
