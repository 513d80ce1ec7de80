namespace Automations.Core.Matching;

/// <summary>
/// <c>{ not: condition }</c>: the inner condition does not match. Over several values that means no value
/// matches it (<c>subject.labels: { not: wontfix }</c>), and a missing path passes.
/// </summary>
internal sealed class NotCondition(WhereCondition inner) : WhereCondition
{
    public override bool Matches(IReadOnlyList<EventValue> values) => !inner.Matches(values);

    public override string Describe() => "not " + inner.Describe();
}
