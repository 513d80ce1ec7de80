using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Sessions;

namespace Automations.Integrations.Slack;

/// <summary>
/// The buttons of a session's Slack thread, as Block Kit <c>actions</c> blocks: Stop and Resume on its first message,
/// and one per choice under a question. Slack sends a press to the interactivity endpoint with the button's
/// <c>action_id</c> and <c>value</c>: the session's id, and for a choice the question (its sequence number) and the label.
/// </summary>
public static class SlackButtons
{
    public const string StopAction = "automations_stop";
    public const string ResumeAction = "automations_resume";
    /// <summary>The start of a choice's <c>action_id</c>, which ends with the choice's place.</summary>
    public const string AnswerAction = "automations_answer";

    /// <summary>Slack keeps a button's value to 2,000 characters; a longer label is not offered as a button.</summary>
    private const int MaxValue = 2000;

    /// <summary>Stop while the session lives, Resume once it ended (not merged) or is stuck; null when neither applies.</summary>
    public static JsonObject? Lifecycle(string sessionId, string status)
    {
        var buttons = new JsonArray();
        if (!SessionStatus.IsTerminal(status))
        {
            buttons.Add(Button("Stop", StopAction, sessionId, "danger"));
        }

        if (SessionStatus.CanRestore(status) || status == SessionStatus.Stuck)
        {
            buttons.Add(Button("Resume", ResumeAction, sessionId, "primary"));
        }

        return buttons.Count == 0 ? null : new JsonObject { ["type"] = "actions", ["block_id"] = "automations_lifecycle", ["elements"] = buttons };
    }

    /// <summary>The question's text, then a button per choice of each question that offers choices.</summary>
    public static JsonArray Question(string sessionId, long questionSeq, string text, IReadOnlyList<StructuredQuestion>? questions)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new JsonArray { SlackStatusBlocks.Section("*needs_input*: " + SlackStatusBlocks.Escape(text)) };
        foreach (var (question, index) in (questions ?? []).Select((q, i) => (q, i)))
        {
            var buttons = new JsonArray();
            foreach (var (option, n) in question.Options.Take(25).Select((o, n) => (o, n)))
            {
                // An action_id is unique within its block: each choice's ends with its place.
                var value = JsonSerializer.Serialize(new AnswerValue(sessionId, questionSeq, option.Label));
                if (value.Length <= MaxValue)
                {
                    buttons.Add(Button(option.Label.Length > 75 ? option.Label[..75] : option.Label, $"{AnswerAction}_{n}", value, null));
                }
            }

            if (buttons.Count > 0)
            {
                blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = $"automations_answer_{index}", ["elements"] = buttons });
            }
        }

        return blocks;
    }

    /// <summary>
    /// The question once answered, from whichever surface: its text, then who answered and what, with no buttons
    /// left to press. <paramref name="from"/> is the answer's <c>from</c>: <c>slack:U…</c> names a person.
    /// </summary>
    public static JsonArray Answered(string question, string from, string answer)
    {
        ArgumentNullException.ThrowIfNull(from);
        return [SlackStatusBlocks.Section("*needs_input*: " + SlackStatusBlocks.Escape(question)), SlackStatusBlocks.Section(AnsweredLine(from, answer))];
    }

    /// <summary>Who answered, and what: <c>Answered by &lt;@U…&gt;: …</c>, or <c>Answered from api: …</c>.</summary>
    public static string AnsweredLine(string from, string answer)
    {
        ArgumentNullException.ThrowIfNull(from);
        var by = from.StartsWith("slack:", StringComparison.Ordinal) ? $"by <@{from["slack:".Length..]}>" : $"from {SlackStatusBlocks.Escape(from)}";
        return $"Answered {by}: {SlackStatusBlocks.Escape(answer)}";
    }

    /// <summary>A choice's value, read back from a press; null when it is not one.</summary>
    public static AnswerValue? ReadAnswer(string? value)
    {
        try
        {
            return value is null ? null : JsonSerializer.Deserialize<AnswerValue>(value) is { Session.Length: > 0, Answer.Length: > 0 } answer ? answer : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject Button(string text, string actionId, string value, string? style)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = actionId,
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
            ["value"] = value,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }

    /// <summary>What a choice's button carries: the session, the question's sequence number, the chosen label.</summary>
    public sealed record AnswerValue(string Session, long Question, string Answer);
}
