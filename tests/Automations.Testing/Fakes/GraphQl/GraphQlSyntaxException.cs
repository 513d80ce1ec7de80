namespace Automations.Testing.Fakes.GraphQl;

/// <summary>A document that is not GraphQL, or uses what this parser does not read (fragments, directives).</summary>
public sealed class GraphQlSyntaxException(string message) : Exception(message);
