namespace Automations.Core.Templates;

/// <summary>
/// A non-empty string from outside the automation, in the prompt model (<see cref="PromptModel"/>). Helpers and
/// conditions see it as truthy, and <see cref="ToString"/> is the raw text; only its output is fenced
/// (<see cref="UntrustedFormatter"/>).
/// </summary>
internal sealed class UntrustedText(string value, string source, string author, string path)
{
    public string Value => value;

    public string Fenced => UntrustedData.Fence(value, source, author, path);

    public override string ToString() => value;
}
