using System.Text.Json.Nodes;

namespace Automations.Integrations.Linear;

/// <summary>
/// One agent activity as Linear takes it: its <c>content</c> (<c>{type, body}</c>, or for an action
/// <c>{type: action, action, parameter, result?}</c>), whether it is <c>ephemeral</c> (replaced by the next
/// activity: an action while it runs), and an agent-to-human <c>signal</c> with its metadata (<c>select</c>
/// with <c>{options: [{value}]}</c> for an elicitation with choices). <see cref="Id"/> is the id the activity
/// is posted with (a UUID, as Linear takes one): an activity that must be said once (a turn's last word, the
/// reply to a prompt) has one made from what it answers (<see cref="IdFrom"/>), so that saying it again finds it
/// said; any other gets a new one.
/// </summary>
public sealed record LinearActivity(JsonObject Content, bool Ephemeral = false, string? Signal = null, JsonObject? SignalMetadata = null, string? Id = null)
{
    public const string Thought = "thought";
    public const string Action = "action";
    public const string Elicitation = "elicitation";
    public const string Response = "response";
    public const string Error = "error";

    /// <summary>
    /// An id for an activity that must be said once however often it is made: a UUID v4 in form (as Linear takes
    /// one) from a hash of <paramref name="text"/>, which names what the activity answers.
    /// </summary>
    public static string IdFrom(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }

    /// <summary>The content's type.</summary>
    public string Type => (string?)Content["type"] ?? string.Empty;

    /// <summary>A <c>thought</c>, <c>elicitation</c>, <c>response</c> or <c>error</c> with its markdown body.</summary>
    public static LinearActivity Of(string type, string body) => new(new JsonObject { ["type"] = type, ["body"] = body });

    /// <summary>A tool call: its name and what it was given, and its result once it has one (then not ephemeral).</summary>
    public static LinearActivity ToolCall(string action, string parameter, string? result) =>
        new(
            result is null
                ? new JsonObject { ["type"] = Action, ["action"] = action, ["parameter"] = parameter }
                : new JsonObject { ["type"] = Action, ["action"] = action, ["parameter"] = parameter, ["result"] = result },
            Ephemeral: result is null);
}
