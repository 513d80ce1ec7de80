using Google.Protobuf;

namespace Automations.Host.Tests.Observability;

/// <summary>
/// A span as an OTLP/HTTP protobuf export carries it, read field by field from the wire format
/// (opentelemetry/proto/collector/trace/v1: request → resource_spans(1) → scope_spans(2) → spans(2)).
/// </summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes)
{
    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

    /// <summary>Every span of an <c>ExportTraceServiceRequest</c>.</summary>
    public static IReadOnlyList<OtlpSpan> Read(byte[] request) =>
        [.. Messages(request, 1).SelectMany(resource => Messages(resource, 2)).SelectMany(scope => Messages(scope, 2)).Select(ReadSpan)];

    private static OtlpSpan ReadSpan(byte[] span)
    {
        string trace = "", id = "", parent = "", name = "";
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in Fields(ByteString.CopyFrom(span)))
        {
            switch (field)
            {
                case 1: trace = Convert.ToHexStringLower(value.Span); break;
                case 2: id = Convert.ToHexStringLower(value.Span); break;
                case 4: parent = Convert.ToHexStringLower(value.Span); break;
                case 5: name = value.ToStringUtf8(); break;
                case 9: var (key, text) = KeyValue(value); attributes[key] = text; break;
            }
        }

        return new OtlpSpan(trace, id, parent, name, attributes);
    }

    /// <summary>A <c>KeyValue</c>: its key, and its <c>AnyValue</c> as text (a string as is; an array's strings joined by commas).</summary>
    private static (string Key, string Value) KeyValue(ByteString pair)
    {
        var key = "";
        var text = "";
        foreach (var (field, value) in Fields(pair))
        {
            if (field == 1)
            {
                key = value.ToStringUtf8();
            }
            else if (field == 2)
            {
                text = AnyValue(value);
            }
        }

        return (key, text);
    }

    private static string AnyValue(ByteString any)
    {
        foreach (var (field, value) in Fields(any))
        {
            switch (field)
            {
                case 1: return value.ToStringUtf8();
                case 5: return string.Join(",", Fields(value).Where(f => f.Field == 1).Select(f => AnyValue(f.Value)));
            }
        }

        return "";
    }

    private static IEnumerable<byte[]> Messages(byte[] message, int field) =>
        Fields(ByteString.CopyFrom(message)).Where(f => f.Field == field).Select(f => f.Value.ToByteArray());

    /// <summary>The length-delimited fields of a message; other wire types are skipped.</summary>
    private static List<(int Field, ByteString Value)> Fields(ByteString message)
    {
        var fields = new List<(int, ByteString)>();
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                fields.Add((WireFormat.GetTagFieldNumber(tag), input.ReadBytes()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return fields;
    }
}
