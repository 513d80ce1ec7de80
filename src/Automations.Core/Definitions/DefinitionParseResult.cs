using System.Diagnostics.CodeAnalysis;

namespace Automations.Core.Definitions;

/// <summary>A parsed definition file: the definition, or every problem found in it (never both).</summary>
public sealed record DefinitionParseResult
{
    /// <summary>Null when <see cref="Errors"/> is not empty.</summary>
    public AutomationDefinition? Definition { get; init; }

    /// <summary>In file order; empty when the file is valid.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; init; } = [];

    [MemberNotNullWhen(true, nameof(Definition))]
    public bool Succeeded => Definition is not null && Errors.Count == 0;

    /// <summary>Where the name was written (the document's start when it came from the file name).</summary>
    internal (int Line, int Column) NamePosition { get; init; } = (1, 1);

    /// <summary>Each custom webhook endpoint and where it was written, for the duplicate check across files.</summary>
    internal IReadOnlyList<(string Endpoint, int Line, int Column)> EndpointPositions { get; init; } = [];
}
