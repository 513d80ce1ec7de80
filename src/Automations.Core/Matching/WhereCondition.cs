namespace Automations.Core.Matching;

/// <summary>One condition of a <c>where</c> block, tested against every value found at its path.</summary>
internal abstract class WhereCondition
{
    /// <summary>True when the values at the path (empty when the path is missing) satisfy the condition.</summary>
    public abstract bool Matches(IReadOnlyList<EventValue> values);

    /// <summary>What the condition wants, as an explanation says it after "wanted".</summary>
    public abstract string Describe();

    public override string ToString() => Describe();
}
