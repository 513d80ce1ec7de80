using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Automations.Host.Tests.Fuzz;

/// <summary>
/// Ways to spoil a provider's body after it is written and before it is signed: bytes flipped, cut,
/// inserted (invalid UTF-8 among them), a value of the JSON swapped for one of another type, a lone
/// surrogate escape, nesting, numbers past any integer. Each keeps the body signed, so it reaches the parser.
/// </summary>
public static class Mutations
{
    private static readonly string[] Odd =
    [
        "\"\\ud800\"", "\"\\udfff x\"", "null", "true", "0", "-1", "1e400", "123456789012345678901234567890", "\"\"", "[]", "{}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "\"2026-13-45T99:99:99Z\"", "{\"id\":{}}", "\"\\u0000\"", "-0.5",
    ];

    /// <summary>A mutation of <paramref name="body"/>, chosen and placed at random.</summary>
    public static Gen<byte[]> Of(byte[] body) =>
        Gen.OneOf(
            Gen.Constant(body),
            Gen.Choose(0, Math.Max(0, body.Length - 1)).Zip(Gen.Choose(0, 255), (at, value) => Replace(body, at, 1, [(byte)value])),
            Gen.Choose(0, body.Length).Zip(Gen.Elements<byte[]>([[0x80], [0xC3], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0], "\\ud800"u8.ToArray(), "\","u8.ToArray(), "}"u8.ToArray()]), (at, bytes) => Replace(body, at, 0, bytes)),
            Gen.Choose(0, body.Length).Select(at => body[..at]),
            Gen.Choose(0, Math.Max(0, body.Length - 1)).Zip(Gen.Choose(1, 16), (at, length) => Replace(body, at, Math.Min(length, body.Length - at), [])),
            Gen.Choose(0, 10_000).Zip(Gen.Elements(Odd), (pick, value) => SwapValue(body, pick, value)),
            Gen.Choose(0, 10_000).Select(pick => SwapValue(body, pick, null)),
            Gen.Elements<byte[]>([[], " "u8.ToArray(), "null"u8.ToArray(), "[]"u8.ToArray(), "\"x\""u8.ToArray(), "{"u8.ToArray()]));

    private static byte[] Replace(byte[] body, int at, int length, byte[] with) => [.. body[..at], .. with, .. body[(at + length)..]];

    /// <summary>One value of the JSON, picked by <paramref name="pick"/> among all its values, replaced by <paramref name="with"/> or removed (null).</summary>
    private static byte[] SwapValue(byte[] body, int pick, string? with)
    {
        if (JsonNode.Parse(body) is not { } root)
        {
            return body;
        }

        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0)
        {
            return body;
        }

        var node = nodes[pick % nodes.Count];
        var json = root.ToJsonString();
        var text = node.ToJsonString();
        var at = json.IndexOf(text, StringComparison.Ordinal);
        if (node.Parent is JsonObject parent && with is null)
        {
            parent.Remove(node.GetPropertyName());
            return Encoding.UTF8.GetBytes(root.ToJsonString());
        }

        return at < 0 ? body : Encoding.UTF8.GetBytes(string.Concat(json.AsSpan(0, at), with ?? "null", json.AsSpan(at + text.Length)));
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        nodes.Add(child);
                        Collect(child, nodes);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    nodes.Add(child);
                    Collect(child, nodes);
                }

                break;
        }
    }
}
