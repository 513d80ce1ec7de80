namespace Automations.Testing.Fakes.GraphQl;

/// <summary>An argument given as a variable, <c>$name</c>.</summary>
public sealed record GraphQlVariable(string Name);
