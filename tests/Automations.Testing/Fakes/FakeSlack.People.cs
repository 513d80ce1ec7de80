using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>
/// The workspace's people: <c>users.list</c> (paged by <c>cursor</c>, every member as Slack lists one, deactivated
/// members and bots among them) and <c>conversations.open</c>, which opens (or finds) the bot's direct message
/// with a person and makes it a channel to post in. As on Slack, <c>@name</c> itself is no channel.
/// </summary>
public sealed partial class FakeSlack
{
    private readonly List<JsonObject> _members = [];
    private readonly Dictionary<string, string> _directMessages = new(StringComparer.Ordinal);

    /// <summary>A member of the workspace, by id, handle and display name.</summary>
    public void AddUser(string id, string handle, string displayName, bool deleted = false, bool bot = false)
    {
        lock (_state)
        {
            _members.Add(new JsonObject
            {
                ["id"] = id, ["team_id"] = "T0TEAM", ["name"] = handle, ["deleted"] = deleted, ["color"] = "9f69e7",
                ["real_name"] = displayName, ["tz"] = "Europe/Amsterdam", ["tz_label"] = "Central European Time", ["tz_offset"] = 3600,
                ["profile"] = new JsonObject
                {
                    ["title"] = string.Empty, ["phone"] = string.Empty, ["skype"] = string.Empty, ["real_name"] = displayName,
                    ["real_name_normalized"] = displayName, ["display_name"] = displayName, ["display_name_normalized"] = displayName,
                    ["status_text"] = string.Empty, ["status_emoji"] = string.Empty, ["avatar_hash"] = "ge3b51ca72de", ["team"] = "T0TEAM",
                },
                ["is_admin"] = false, ["is_owner"] = false, ["is_primary_owner"] = false, ["is_restricted"] = false, ["is_ultra_restricted"] = false,
                ["is_bot"] = bot, ["is_app_user"] = false, ["updated"] = 1765000000, ["is_email_confirmed"] = !bot, ["who_can_share_contact_card"] = "EVERYONE",
            });
        }
    }

    private void MapPeople(WebApplication app)
    {
        app.MapGet("/api/users.list", (HttpContext context) => Answer(context, Users(context)));
        app.MapPost("/api/conversations.open", (HttpContext context, JsonObject body) => Answer(context, Open(context, body)));
    }

    private JsonObject Users(HttpContext context)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }

        lock (_state)
        {
            var page = Page(context, "members", [.. _members.Select(m => (JsonObject)m.DeepClone())]);
            page["cache_ts"] = 1765000000;
            return page;
        }
    }

    private JsonObject Open(HttpContext context, JsonObject body)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }

        var user = (string?)body["users"] ?? string.Empty;
        lock (_state)
        {
            if (!_members.Any(m => (string?)m["id"] == user && m["deleted"]?.GetValue<bool>() != true))
            {
                return Error(user.Length == 0 ? "users_list_not_supplied" : "user_not_found");
            }

            var open = _directMessages.TryGetValue(user, out var id);
            id ??= "D0" + user;
            _directMessages[user] = id;
            _channels[id] = id;
            var answer = new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = id } };
            if (open)
            {
                answer["no_op"] = true;
                answer["already_open"] = true;
            }

            return answer;
        }
    }
}
