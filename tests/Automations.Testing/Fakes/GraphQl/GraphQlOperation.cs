namespace Automations.Testing.Fakes.GraphQl;

/// <summary>An operation of a GraphQL document: <c>query</c> or <c>mutation</c>, its variables' types by name, and its selections.</summary>
public sealed record GraphQlOperation(string Type, string? Name, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<GraphQlField> Selections);
