namespace Automations.Integrations.Linear;

/// <summary>A workflow state: its name, and its type (<c>backlog</c>, <c>unstarted</c>, <c>started</c>, <c>completed</c>, <c>canceled</c>).</summary>
public sealed record LinearState(string Name, string? Type);
