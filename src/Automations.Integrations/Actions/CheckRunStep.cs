using System.Globalization;
using System.Text;
using System.Text.Json;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Integrations.GitHub;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Actions;

/// <summary>
/// The session's check run on its head commit, beside its Slack thread: made once per pushed head (ledger key
/// <c>check_run:{sha}</c>, found again by its <c>external_id</c> after a crash), then updated by its stored id
/// whenever the status it shows changes: <c>in_progress</c> while the session works, completed
/// <c>action_required</c> with a link to the session's page while it needs input, and completed with the
/// session's conclusion at rest. A head that a later push replaced is completed <c>neutral</c>.
/// Never fails the session: GitHub's refusal (credentials that cannot write checks) is recorded, once per head.
/// </summary>
internal sealed class CheckRunStep(GitHubClient github, IOptions<GitHubClientOptions> options)
{
    public const string KeyPrefix = "check_run:";

    /// <summary>Whether sessions get check runs at all (<c>Automations:GitHub:CheckRuns</c>).</summary>
    public bool IsOn => options.Value.CheckRuns;

    public async Task RunAsync(ActionRun run, CancellationToken cancellationToken)
    {
        if (!IsOn || !run.Definition.CheckRun || run.Repository is not { } repository || run.PushedCommit is not { } sha)
        {
            return;
        }

        var key = KeyPrefix + sha;
        var shown = Show(run);
        foreach (var older in run.Ledger.Entries.Where(e => e.Key.StartsWith(KeyPrefix, StringComparison.Ordinal) && e.Key != key && e.State == ActionLedger.Done).ToList())
        {
            await UpdateAsync(run, repository, older, new Shown("completed", "neutral", "Superseded", $"A later push made {sha[..7]} the session's head; its check run follows the session."), cancellationToken);
        }

        var entry = run.Ledger.Find(key);
        if (entry is { State: ActionLedger.Failed } || run.Deferred is not null)
        {
            return;
        }

        if (entry is { State: ActionLedger.Done })
        {
            await UpdateAsync(run, repository, entry, shown, cancellationToken);
            return;
        }

        if (entry is { State: ActionLedger.Started })
        {
            // Checkpoint: an earlier attempt asked GitHub for the run and died before it heard: it is found by its external id.
            var listed = await github.ListCheckRunsAsync(repository, sha, Name(run), cancellationToken);
            if (listed.Succeeded && listed.Value.FirstOrDefault(r => r.ExternalId == run.Session.Id) is { } found)
            {
                await run.RecordAsync([SessionEvents.ActionDone(key, Result(found.Id, sha, null))], cancellationToken);
                await UpdateAsync(run, repository, run.Ledger.Find(key)!, shown, cancellationToken);
                return;
            }
        }

        await run.StartAsync(key, cancellationToken);
        var made = await github.CreateCheckRunAsync(repository, new NewCheckRun(Name(run), sha, shown.Status, Output(run, shown))
        {
            Conclusion = shown.Conclusion,
            ExternalId = run.Session.Id,
            DetailsUrl = run.SessionUrl?.AbsoluteUri,
        }, cancellationToken);
        if (made.Succeeded)
        {
            await run.RecordAsync([SessionEvents.ActionDone(key, Result(made.Value.Id, sha, shown.Told))], cancellationToken);
        }
        else
        {
            await run.FailAsync(key, made.Error, cancellationToken);
        }
    }

    /// <summary>The check's name on the commit: one per automation, so a branch protection rule can require it.</summary>
    public static string Name(ActionRun run) => $"automations/{run.Definition.Name}";

    private async Task UpdateAsync(ActionRun run, GitHubRepository repository, ActionEntry entry, Shown shown, CancellationToken cancellationToken)
    {
        var result = entry.Result!.Value;
        if (result.TryGetProperty("told", out var told) && told.GetString() == shown.Told)
        {
            return;
        }

        var id = result.GetProperty("id").GetInt64();
        var updated = await github.UpdateCheckRunAsync(repository, id, new CheckRunUpdate(Output(run, shown)) { Status = shown.Status, Conclusion = shown.Conclusion }, cancellationToken);
        if (updated.Succeeded)
        {
            await run.RecordAsync([SessionEvents.ActionDone(entry.Key, Result(id, result.GetProperty("sha").GetString()!, shown.Told))], cancellationToken);
        }
        else if (ActionRun.IsTransient(updated.Error))
        {
            run.Defer(entry.Key, updated.Error);
        }
    }

    private static object Result(long id, string sha, string? told) => new { id, sha, told };

    /// <summary>What the check shows for the session's status now; a turn about to take its messages is work too.</summary>
    private static Shown Show(ActionRun run) => run.Session.Status switch
    {
        _ when run.Session.HasPendingMessages && !SessionStatus.IsTerminal(run.Session.Status) => new("in_progress", null, "Working", "The agent is working on it."),
        SessionStatus.NeedsInput => new("completed", "action_required", "Waiting for an answer", "The agent asked a question: " + (run.Session.Question ?? "see the session")),
        SessionStatus.Queued or SessionStatus.Spawning or SessionStatus.Working or SessionStatus.Stuck => new("in_progress", null, "Working", "The agent is working on it."),
        SessionStatus.Errored => new("completed", "failure", "Errored", run.Session.Error ?? "The session ended with an error."),
        SessionStatus.Killed or SessionStatus.Terminated or SessionStatus.Cleanup => new("completed", "cancelled", "Stopped", $"The session was {run.Session.Status}."),
        var status => new("completed", "success", "Done", $"The agent's work is done; the session is {status}."),
    };

    private static CheckRunOutputDraft Output(ActionRun run, Shown shown)
    {
        var text = new StringBuilder(shown.Line);
        if (run.AgentResult is { Length: > 0 } result)
        {
            text.Append("\n\n> ").Append(result.Trim().Replace("\n", "\n> ", StringComparison.Ordinal));
        }

        text.Append(CultureInfo.InvariantCulture, $"\n\nSession `{run.Session.Id}` of **{run.Definition.Name}**: {run.Session.Status}, {run.Session.Turns} turns, cost ${run.Session.CostUsd.ToString("0.00", CultureInfo.InvariantCulture)}.");
        if (run.SessionUrl is { } url)
        {
            text.Append(CultureInfo.InvariantCulture, $" [Open the session]({url.AbsoluteUri}).");
        }

        return new CheckRunOutputDraft(shown.Title, text.ToString(), null, []);
    }

    /// <summary>A check run's status, conclusion and output title, and a line for its summary.</summary>
    private sealed record Shown(string Status, string? Conclusion, string Title, string Line)
    {
        public string Told => Conclusion is null ? Status : $"{Status}:{Conclusion}";
    }
}
