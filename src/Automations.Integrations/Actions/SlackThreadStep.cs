using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Definitions.Actions;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Integrations.Slack;

namespace Automations.Integrations.Actions;

/// <summary>
/// <c>slack</c>: one thread per session. Its first message opens the thread and shows the session's
/// status (updated in place); each status people should know of (<c>needs_input</c>, <c>errored</c>,
/// <c>stuck</c>, <c>pr_open</c>, and how it ends) goes into the thread once, as do the engine's notes
/// (a follow-up limit reached). The thread's <c>ts</c> is kept in the ledger, so a retry never opens a second;
/// every message carries metadata naming its session and ledger key, so a message whose answer was lost to
/// a crash is found in the channel (or thread) instead of being posted again.
/// </summary>
internal sealed class SlackThreadStep(SlackClient slack)
{
    public const string RootSuffix = ":root";

    /// <summary>The <c>event_type</c> of the metadata on every message the engine posts.</summary>
    public const string MetadataEventType = "automations_action";

    private static readonly HashSet<string> Told = new(StringComparer.Ordinal)
    {
        SessionStatus.NeedsInput, SessionStatus.Errored, SessionStatus.Stuck, SessionStatus.PrOpen, SessionStatus.CiFailed,
        SessionStatus.ChangesRequested, SessionStatus.Mergeable, SessionStatus.Merged, SessionStatus.Done, SessionStatus.Killed,
    };

    public async Task RunAsync(ActionRun run, SlackAction action, CancellationToken cancellationToken)
    {
        var rootKey = action.Key + RootSuffix;
        if (!run.Ledger.IsDone(rootKey) && run.Ledger.Find(rootKey) is { State: ActionLedger.Started } started
            && await FindAsync(run, action.Channel, null, rootKey, started, cancellationToken) is { } found)
        {
            // Checkpoint: an earlier attempt posted the thread's first message and died before it heard the
            // answer: the message is found by its metadata, and statuses since that attempt go into its thread.
            await run.RecordAsync([SessionEvents.ActionDone(rootKey, new { channel = found.Channel, ts = found.Ts, seq = started.Seq }, Thread(found))], cancellationToken);
        }

        if (!run.Ledger.IsDone(rootKey))
        {
            await run.StartAsync(rootKey, cancellationToken);
            var posted = await slack.PostMessageAsync(SlackStatusBlocks.Message(action.Channel, View(run)) with { Metadata = Tag(run, rootKey) }, cancellationToken);
            if (!posted.Succeeded)
            {
                await run.FailAsync(rootKey, posted.Error, cancellationToken);
                return;
            }

            // The first message shows the status the session is in now: its earlier statuses are not told again.
            await run.RecordAsync([SessionEvents.ActionDone(rootKey, new { channel = posted.Value.Channel, ts = posted.Value.Ts, seq = run.Events[^1].Seq }, Thread(posted.Value))], cancellationToken);
        }

        var root = run.Ledger.Find(rootKey)!.Result!.Value;
        var channel = root.GetProperty("channel").GetString()!;
        var ts = root.GetProperty("ts").GetString()!;
        var since = root.TryGetProperty("seq", out var seq) ? seq.GetInt64() : 0;
        var told = false;
        // A status moves with a status event, or with a pull request's event (CI, a review, a merge) that carries one.
        foreach (var status in run.Events.Where(e => e.Seq > since && e.Type is SessionEventTypes.Status or SessionEventTypes.PullRequest).ToList())
        {
            if (run.Deferred is not null)
            {
                return;
            }

            var name = status.Data.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : null;
            var key = $"{action.Key}:status:{status.Seq}";
            if (name is null || !Told.Contains(name) || Settled(run, key))
            {
                continue;
            }

            var reason = status.Data.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var text = $"*{name}*{(reason is null ? string.Empty : $": {SlackStatusBlocks.Escape(reason)}")}";

            // A question is told with its text and a button per choice; a reply in the thread answers it too.
            var question = name == SessionStatus.NeedsInput && status.Data.TryGetProperty("question", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
            await ReplyAsync(run, key, channel, ts, question is null ? text : $"{text}: {question}", cancellationToken,
                question is null ? null : SlackButtons.Question(run.Session.Id, status.Seq, question, StructuredQuestions.Read(status.Data)));
            told = true;
        }

        await MarkAnsweredAsync(run, action.Key, channel, cancellationToken);
        if (run.Deferred is not null)
        {
            return;
        }

        if (told)
        {
            // The thread's first message shows the status as it is now; editing it twice is harmless.
            var view = View(run);
            var updated = await slack.UpdateMessageAsync(channel, ts, SlackStatusBlocks.Text(view), SlackStatusBlocks.Blocks(view), cancellationToken);
            if (!updated.Succeeded && ActionRun.IsTransient(updated.Error))
            {
                run.Defer(rootKey, updated.Error);
            }
        }
    }

    /// <summary>
    /// Each question told in the thread and answered since, from whichever surface (<see cref="AnswerTo"/>): its
    /// message loses its buttons and says who answered, once per question (<c>…:answered</c> in
    /// the ledger), so nobody presses a choice that no longer counts.
    /// </summary>
    private async Task MarkAnsweredAsync(ActionRun run, string actionKey, string channel, CancellationToken cancellationToken)
    {
        foreach (var asked in run.Events.Where(e => e.Type == SessionEventTypes.Status && e.Data.TryGetProperty("question", out var q) && q.ValueKind == JsonValueKind.String).ToList())
        {
            var key = $"{actionKey}:status:{asked.Seq}";
            var answeredKey = key + ":answered";
            if (run.Ledger.Find(key) is not { State: ActionLedger.Done, Result: { } posted } || Settled(run, answeredKey) || AnswerTo(run, asked) is not { } answer)
            {
                continue;
            }

            var from = answer.Data.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "another surface";
            var text = answer.Data.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
            var question = asked.Data.GetProperty("question").GetString()!;
            var ts = posted.GetProperty("ts").GetString()!;
            var updated = await slack.UpdateMessageAsync(channel, ts, $"*needs_input*: {question}\n{SlackButtons.AnsweredLine(from, text)}", SlackButtons.Answered(question, from, text), cancellationToken);
            if (updated.Succeeded)
            {
                await run.RecordAsync([SessionEvents.ActionDone(answeredKey, new { ts })], cancellationToken);
            }
            else if (await run.FailAsync(answeredKey, updated.Error, cancellationToken) is null)
            {
                // Slack could not be reached: the action runs again later, and edits it then.
                return;
            }
        }
    }

    /// <summary>
    /// The message that answered <paramref name="asked"/>: the first after it, with no status between (an answer
    /// comes before the status it moves the session to); null while it is open, or when the session moved on
    /// without an answer (stopped, and resumed later).
    /// </summary>
    private static SessionEvent? AnswerTo(ActionRun run, SessionEvent asked) => run.Events
        .Where(e => e.Seq > asked.Seq && e.Type is SessionEventTypes.Message or SessionEventTypes.Status)
        .FirstOrDefault() is { Type: SessionEventTypes.Message } answer ? answer : null;

    /// <summary>A note from the engine into the session's thread, once per <paramref name="key"/>; nothing when the thread is not open.</summary>
    public async Task NoteAsync(ActionRun run, SlackAction action, string key, string text, CancellationToken cancellationToken)
    {
        if (run.Ledger.Find(action.Key + RootSuffix)?.Result is not { } root || Settled(run, key))
        {
            return;
        }

        await ReplyAsync(run, key, root.GetProperty("channel").GetString()!, root.GetProperty("ts").GetString()!, text, cancellationToken);
    }

    /// <summary>The thread on the session, where replies and buttons find it.</summary>
    private static SessionChange Thread(SlackPosted root) => new() { SlackThread = $"{root.Channel}/{root.Ts}" };

    /// <summary>
    /// A message of its own (not in the session's thread) to <paramref name="channel"/>, once per
    /// <paramref name="key"/>: a notification. Found again by its metadata when an attempt died before the answer.
    /// </summary>
    public Task PostOnceAsync(ActionRun run, string key, string channel, string text, CancellationToken cancellationToken) =>
        Settled(run, key) ? Task.CompletedTask : ReplyAsync(run, key, channel, null, text, cancellationToken);

    /// <summary>A reply that was posted, or refused, is not posted again.</summary>
    private static bool Settled(ActionRun run, string key) => run.Ledger.Find(key) is { State: not ActionLedger.Started };

    /// <summary>A reply in the thread <paramref name="ts"/>, or with none a message of its own, once per <paramref name="key"/>.</summary>
    private async Task ReplyAsync(ActionRun run, string key, string channel, string? ts, string text, CancellationToken cancellationToken, JsonArray? blocks = null)
    {
        if (run.Ledger.Find(key) is { State: ActionLedger.Started } started && await FindAsync(run, channel, ts, key, started, cancellationToken) is { } found)
        {
            // Checkpoint: posted by an attempt that died before it heard the answer.
            await run.RecordAsync([SessionEvents.ActionDone(key, new { ts = found.Ts })], cancellationToken);
            return;
        }

        await run.StartAsync(key, cancellationToken);
        var reply = await slack.PostMessageAsync(new SlackMessage(channel, text) { ThreadTs = ts, Metadata = Tag(run, key), Blocks = blocks }, cancellationToken);
        if (reply.Succeeded)
        {
            await run.RecordAsync([SessionEvents.ActionDone(key, new { ts = reply.Value.Ts })], cancellationToken);
        }
        else
        {
            await run.FailAsync(key, reply.Error, cancellationToken);
        }
    }

    /// <summary>What the engine's messages carry, to be found again: the session and the ledger key.</summary>
    private static SlackMetadata Tag(ActionRun run, string key) =>
        new(MetadataEventType, new JsonObject { ["session"] = run.Session.Id, ["key"] = key });

    /// <summary>
    /// The message an earlier attempt posted for <paramref name="key"/> (started at <paramref name="started"/>),
    /// in the channel or in the thread <paramref name="threadTs"/>; null when there is none, or when Slack
    /// cannot be asked (a bot without the history scopes): then the message is posted again, since a status
    /// told twice is better than one never told.
    /// </summary>
    private async Task<SlackPosted?> FindAsync(ActionRun run, string channel, string? threadTs, string key, ActionEntry started, CancellationToken cancellationToken)
    {
        var id = await slack.ChannelIdAsync(channel, cancellationToken);
        if (!id.Succeeded)
        {
            return null;
        }

        // Slack's clock and the store's may differ a little: look a minute further back than the attempt began.
        var since = (run.Events.FirstOrDefault(e => e.Seq == started.Seq)?.At ?? run.Session.CreatedAt) - TimeSpan.FromMinutes(1);
        var history = await slack.HistoryAsync(id.Value, threadTs, since, cancellationToken);
        var mine = history.Succeeded
            ? history.Value.FirstOrDefault(m => m.Metadata is { EventType: MetadataEventType } md
                && (string?)md.EventPayload["session"] == run.Session.Id && (string?)md.EventPayload["key"] == key)
            : null;
        return mine is null ? null : new SlackPosted(id.Value, mine.Ts);
    }

    private static SessionStatusView View(ActionRun run) => new(run.Definition.Name, run.Session.Status)
    {
        Summary = run.Trigger?.Subject.Title is { } title ? $"{run.Trigger.Kind}: {title}" : run.Session.Error,
        SessionUrl = run.SessionUrl,
        PullRequestUrl = run.Session.PullRequest is { } pr ? new Uri(pr.Url) : null,
        PullRequestNumber = run.Session.PullRequest is { } number ? (int)number.Number : null,
        CostUsd = run.Session.CostUsd,
        SessionId = run.Session.Id,
    };
}
