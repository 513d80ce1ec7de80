namespace Automations.Core.Matching;

/// <summary>One key of a <c>where</c> block: a path and the condition on its values.</summary>
internal sealed record WhereClause(EventPath Path, WhereCondition Condition);
