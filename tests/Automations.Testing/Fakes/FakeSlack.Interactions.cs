using System.Globalization;
using System.Text.Json.Nodes;

namespace Automations.Testing.Fakes;

/// <summary>
/// What Slack sends the engine about this fake's own messages: a person's reply in a thread, as the Events API's
/// <c>message</c> event (the reply is kept, as Slack keeps it), and a button press, as the interactivity
/// request's <c>block_actions</c> payload (posted form-encoded as <c>payload=</c>).
/// </summary>
public sealed partial class FakeSlack
{
    public const string TeamId = "T0AUTOMAT";

    /// <summary>The <c>event_callback</c> of <paramref name="user"/>'s reply <paramref name="text"/> in the thread of <paramref name="root"/>.</summary>
    public JsonObject ThreadReply(FakeSlackMessage root, string user, string text)
    {
        ArgumentNullException.ThrowIfNull(root);
        FakeSlackMessage reply;
        lock (_state)
        {
            reply = new FakeSlackMessage { Channel = root.Channel, Ts = NextTs(), ThreadTs = root.Ts, Text = text };
            _messages.Add(reply);
        }

        var seconds = long.Parse(reply.Ts.Split('.')[0], CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["token"] = "verification-token-unused",
            ["team_id"] = TeamId,
            ["api_app_id"] = "A0AUTOMAT",
            ["type"] = "event_callback",
            ["event_id"] = $"Ev{reply.Ts.Replace(".", string.Empty, StringComparison.Ordinal)}",
            ["event_time"] = seconds,
            ["event"] = new JsonObject
            {
                ["type"] = "message", ["channel"] = root.Channel, ["user"] = user, ["text"] = text, ["ts"] = reply.Ts, ["thread_ts"] = root.Ts,
                ["parent_user_id"] = "U0AUTOMATBOT", ["team"] = TeamId, ["channel_type"] = "channel", ["event_ts"] = reply.Ts,
                ["blocks"] = new JsonArray(new JsonObject
                {
                    ["type"] = "rich_text", ["block_id"] = "r1",
                    ["elements"] = new JsonArray(new JsonObject { ["type"] = "rich_text_section", ["elements"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }) }),
                }),
            },
        };
    }

    /// <summary>
    /// The <c>block_actions</c> payload of <paramref name="user"/> pressing the button of <paramref name="message"/> whose
    /// <c>action_id</c> is <paramref name="actionId"/>, or, when none is, whose text is <paramref name="actionId"/>.
    /// </summary>
    public JsonObject Press(FakeSlackMessage message, string actionId, string user)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (block, button) = (message.Blocks ?? []).OfType<JsonObject>()
            .Where(b => (string?)b["type"] == "actions")
            .SelectMany(b => (b["elements"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (Block: b, Button: e)))
            .FirstOrDefault(p => (string?)p.Button["action_id"] == actionId || (string?)p.Button["text"]?["text"] == actionId);
        if (button is null)
        {
            throw new InvalidOperationException($"The message {message.Ts} has no button {actionId}.");
        }

        string actionTs;
        lock (_state)
        {
            actionTs = NextTs();
        }

        var container = new JsonObject { ["type"] = "message", ["message_ts"] = message.Ts, ["channel_id"] = message.Channel, ["is_ephemeral"] = false };
        var posted = new JsonObject { ["type"] = "message", ["user"] = "U0AUTOMATBOT", ["bot_id"] = "B0AUTOMAT", ["ts"] = message.Ts, ["text"] = message.Text, ["blocks"] = message.Blocks!.DeepClone() };
        if (message.ThreadTs is { } thread)
        {
            container["thread_ts"] = thread;
            posted["thread_ts"] = thread;
        }

        return new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = user.ToLowerInvariant(), ["name"] = user.ToLowerInvariant(), ["team_id"] = TeamId },
            ["api_app_id"] = "A0AUTOMAT",
            ["token"] = "verification-token-unused",
            ["container"] = container,
            ["trigger_id"] = "1234567890.0987654321.abcdef",
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "acme" },
            ["enterprise"] = null,
            ["is_enterprise_install"] = false,
            ["channel"] = new JsonObject { ["id"] = message.Channel, ["name"] = "alerts" },
            ["message"] = posted,
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["response_url"] = new Uri(Url, "actions/T0AUTOMAT/1/abc").AbsoluteUri,
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = (string?)button["action_id"], ["block_id"] = (string?)block["block_id"], ["text"] = button["text"]!.DeepClone(),
                ["value"] = (string?)button["value"], ["style"] = (string?)button["style"], ["type"] = "button", ["action_ts"] = actionTs,
            }),
        };
    }
}
