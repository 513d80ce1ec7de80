namespace Automations.Core.Templates;

/// <summary>
/// An object holding text from outside the automation, in the prompt model (<see cref="PromptModel"/>): its
/// members as Handlebars walks them, and, when the object itself is output, its raw JSON fenced as one.
/// </summary>
internal sealed class UntrustedObject(Dictionary<string, object?> raw, string source, string author, string path)
    : Dictionary<string, object?>(raw.Count, StringComparer.Ordinal)
{
    public Dictionary<string, object?> Raw => raw;

    public string Source => source;

    public string Author => author;

    public string Field => path;
}
