namespace Automations.Testing.Fakes.GraphQl;

/// <summary>
/// A field of a GraphQL selection set: <c>alias: name(arguments) { selections }</c>. An argument's value is
/// a <see cref="GraphQlVariable"/> or a literal as JSON.
/// </summary>
public sealed record GraphQlField(string? Alias, string Name, IReadOnlyDictionary<string, object?> Arguments, IReadOnlyList<GraphQlField> Selections)
{
    /// <summary>The key of the field in the answer: its alias, else its name.</summary>
    public string Key => Alias ?? Name;
}
