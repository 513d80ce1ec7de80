using System.Text.Json;
using Automations.Core.Events;
using HandlebarsDotNet;
using HandlebarsDotNet.IO;

namespace Automations.Core.Templates;

/// <summary>
/// Writes values the way the event's JSON has them, not the way .NET prints them: <c>true</c> rather than
/// <c>True</c>, and an object as its JSON rather than a list of its keys and values.
/// </summary>
internal sealed class JsonStyleFormatter : IFormatterProvider, IFormatter
{
    public bool TryCreateFormatter(Type type, out IFormatter formatter)
    {
        if (type == typeof(bool) || type == typeof(Dictionary<string, object?>))
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
            bool flag => flag ? "true" : "false",
            _ => JsonSerializer.Serialize(value, EventJson.Options),
        };
        writer.Write(text, false);
    }
}
