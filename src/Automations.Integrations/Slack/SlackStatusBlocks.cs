using System.Globalization;
using System.Text.Json.Nodes;

namespace Automations.Integrations.Slack;

/// <summary>A session's status as a Block Kit message: a section with the automation and status, the summary, then a context line of links and cost.</summary>
public static class SlackStatusBlocks
{
    public static SlackMessage Message(string channel, SessionStatusView view, string? threadTs = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new SlackMessage(channel, Text(view)) { Blocks = Blocks(view), ThreadTs = threadTs };
    }

    /// <summary>The plain text of the message: what notifications and screen readers get.</summary>
    public static string Text(SessionStatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return $"{view.Automation}: {view.Status}" + (view.Summary is null ? string.Empty : $" ({view.Summary})");
    }

    public static JsonArray Blocks(SessionStatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var blocks = new JsonArray
        {
            Section($"{Emoji(view.Status)} *{Escape(view.Automation)}* is `{Escape(view.Status)}`"),
        };
        if (!string.IsNullOrWhiteSpace(view.Summary))
        {
            blocks.Add(Section(Escape(view.Summary)));
        }

        var context = new List<string>();
        if (view.PullRequestUrl is { } pullRequest)
        {
            var label = view.PullRequestNumber is { } number ? $"Pull request #{number.ToString(CultureInfo.InvariantCulture)}" : "Pull request";
            context.Add($"<{pullRequest.AbsoluteUri}|{label}>");
        }

        if (view.SessionUrl is { } session)
        {
            context.Add($"<{session.AbsoluteUri}|Session>");
        }

        if (view.CostUsd is { } cost)
        {
            context.Add("Cost $" + cost.ToString("0.00", CultureInfo.InvariantCulture));
        }

        if (context.Count > 0)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(context.Select(c => (JsonNode)Markdown(c)).ToArray()),
            });
        }

        if (view.SessionId is { } id && SlackButtons.Lifecycle(id, view.Status) is { } buttons)
        {
            blocks.Add(buttons);
        }

        return blocks;
    }

    /// <summary>Slack's mrkdwn escapes: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>, so text cannot make links or mentions.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    internal static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = Markdown(text) };

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static string Emoji(string status) => status switch
    {
        "merged" or "approved" or "mergeable" or "done" => ":white_check_mark:",
        "errored" or "ci_failed" or "stuck" or "killed" or "terminated" => ":x:",
        "needs_input" or "changes_requested" or "review_pending" => ":eyes:",
        "pr_open" => ":arrow_heading_up:",
        _ => ":hourglass_flowing_sand:",
    };
}
