namespace Automations.Core.Matching;

/// <summary>What an <see cref="EventValue"/> holds.</summary>
internal enum EventValueKind
{
    String,
    Number,
    Boolean,

    /// <summary>A JSON object: it exists, but has no text to compare.</summary>
    Object,
}
