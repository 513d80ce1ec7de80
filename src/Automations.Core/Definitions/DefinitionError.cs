namespace Automations.Core.Definitions;

/// <summary>A problem in a definition file, at a 1-based line and column.</summary>
public sealed record DefinitionError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
