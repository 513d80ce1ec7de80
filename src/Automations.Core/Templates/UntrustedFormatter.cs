using System.Text.Json;
using Automations.Core.Events;
using HandlebarsDotNet;
using HandlebarsDotNet.IO;

namespace Automations.Core.Templates;

/// <summary>Writes <see cref="UntrustedText"/> and <see cref="UntrustedObject"/> (its raw JSON) inside a fence.</summary>
internal sealed class UntrustedFormatter : IFormatterProvider, IFormatter
{
    public bool TryCreateFormatter(Type type, out IFormatter formatter)
    {
        if (type == typeof(UntrustedText) || type == typeof(UntrustedObject))
        {
            formatter = this;
            return true;
        }

        formatter = null!;
        return false;
    }

    public void Format<T>(T value, in EncodedTextWriter writer)
    {
        var text = value switch
        {
            UntrustedText untrusted => untrusted.Fenced,
            UntrustedObject o => UntrustedData.Fence(JsonSerializer.Serialize(o.Raw, EventJson.Options), o.Source, o.Author, o.Field),
            _ => value?.ToString() ?? "",
        };
        writer.Write(text, false);
    }
}
