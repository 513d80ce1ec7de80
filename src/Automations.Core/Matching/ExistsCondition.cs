namespace Automations.Core.Matching;

/// <summary>
/// <c>{ exists: true | false }</c>: whether the path has a value. Null, a missing field and an empty array
/// have none.
/// </summary>
internal sealed class ExistsCondition(bool expected) : WhereCondition
{
    public override bool Matches(IReadOnlyList<EventValue> values) => values.Count > 0 == expected;

    public override string Describe() => expected ? "a value" : "no value";
}
