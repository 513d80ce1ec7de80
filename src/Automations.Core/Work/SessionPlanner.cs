using System.Globalization;
using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Templates;

namespace Automations.Core.Work;

/// <summary>
/// A triggered session's first run: renders what it runs on from the definition and the event (repository,
/// branch, instructions, concurrency key), checks the daily budget, and puts the instructions in the inbox
/// as the first message.
/// </summary>
internal sealed class SessionPlanner(ISessionStore sessions, ITriggerContext triggerContext, SessionRunnerOptions options, TimeProvider time)
{
    /// <summary>Plans the session; a result when the run ends here (skipped, or an error in the definition), else null.</summary>
    public async Task<SessionRunResult?> PlanAsync(SessionRun run, AutomationDefinition? definition, RunSettings settings, CancellationToken cancellationToken)
    {
        var session = run.Session;
        if (definition is null)
        {
            return await SessionRunner.FinishAsync(run, SessionStatus.Errored, $"automation '{session.Automation}' is no longer defined");
        }

        if (await run.TriggerAsync(cancellationToken) is not { } triggerEvent)
        {
            return await SessionRunner.FinishAsync(run, SessionStatus.Errored, $"delivery {session.Trigger.Source}/{session.Trigger.DeliveryId} has no stored event");
        }

        if (settings.DailyBudgetUsd is { } daily)
        {
            var dayStart = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
            var spent = await sessions.SpentSinceAsync(definition.Name, dayStart, cancellationToken);
            if (spent >= daily)
            {
                return await SessionRunner.FinishAsync(run, SessionStatus.Terminated, $"skipped: the automation's daily budget of ${daily.ToString("0.##", CultureInfo.InvariantCulture)} is spent (${spent.ToString("0.####", CultureInfo.InvariantCulture)} today)");
            }
        }

        var branch = DefinitionRendering.Branch(definition, DefinitionRendering.Context(triggerEvent, definition, session.Id, null));
        if (branch.Error is { } branchError)
        {
            return await SessionRunner.FinishAsync(run, SessionStatus.Errored, branchError);
        }

        var branchName = branch.Text!;
        var context = DefinitionRendering.Context(triggerEvent, definition, session.Id, branchName);
        var repository = DefinitionRendering.RepositoryUrl(definition, context, options.GitUrl);

        // The prompt fences text from outside the automation (issue bodies, comments, messages) as untrusted data.
        var instructions = SessionPrompt.Instructions(definition, context);
        var key = DefinitionRendering.ConcurrencyKey(definition, context);
        if ((repository.Error ?? instructions.Error ?? key.Error) is { } templateError)
        {
            return await SessionRunner.FinishAsync(run, SessionStatus.Errored, templateError);
        }

        var repositoryUrl = repository.Text!;
        var concurrencyKey = key.Text is { Length: > 0 } k ? k : null;
        // What the provider adds (a Sentry stack trace) is text from outside the automation, fenced as such.
        var prompt = SessionPrompt.WithTriggerContext(instructions.Text!, triggerEvent, await triggerContext.FetchAsync(triggerEvent, cancellationToken));

        // Checkpoint: planning writes the spec and the first message in one append; a crash before it plans again.
        // Events are shown (API, console): a URL's user and password are kept only in the session's own row.
        var name = RepositoryName(repositoryUrl, options.GitUrl);
        await run.AppendAsync(
            [
                SessionEvents.Of(
                    SessionEventTypes.Spec,
                    new { repository = name, repositoryUrl = RepositoryLocation.WithoutUserInfo(repositoryUrl), @base = definition.Base, branch = branchName, agent = definition.Agent.Use, concurrencyKey },
                    new SessionChange { Repository = name, RepositoryUrl = repositoryUrl, Base = definition.Base, Branch = branchName, Agent = definition.Agent.Use, ConcurrencyKey = concurrencyKey }),
                SessionEvents.Of(SessionEventTypes.Message, new { text = prompt, from = "trigger" }, new SessionChange { IsMessage = true }),
            ],
            cancellationToken);
        return null;
    }

    /// <summary>
    /// The name a session shows for the repository at <paramref name="url"/>, as its automation named it:
    /// <c>owner/name</c> for one under the configured git URL (<paramref name="gitUrl"/>) or at any other URL;
    /// the folder's name alone for a repository on this machine (a path, or <c>file://</c>) outside the git URL.
    /// GitHub's steps (check runs, pull requests, merges) act on an <c>owner/name</c> only, so a local
    /// repository is never taken for the GitHub repository whose owner and name its last two folders spell.
    /// </summary>
    public static string RepositoryName(string url, string gitUrl)
    {
        var name = RepositoryName(url);
        var local = url.StartsWith('/') || url.StartsWith("file://", StringComparison.OrdinalIgnoreCase);
        return !local || url.StartsWith(gitUrl.TrimEnd('/') + "/", StringComparison.Ordinal) ? name : name[(name.LastIndexOf('/') + 1)..];
    }

    /// <summary>
    /// A short name for the API: <c>owner/name</c> from a URL or path (its last two segments), else the whole of it.
    /// In git's short form for SSH (<c>git@github.com:acme/web.git</c>) the path is what follows the colon.
    /// </summary>
    public static string RepositoryName(string url)
    {
        var trimmed = url.TrimEnd('/');
        if (trimmed.EndsWith(".git", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^4];
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < trimmed.Length - 1 && !trimmed.Contains("://", StringComparison.Ordinal) && trimmed.IndexOf('/', StringComparison.Ordinal) is var slash && (slash < 0 || slash > colon))
        {
            trimmed = trimmed[(colon + 1)..];
        }

        var parts = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? $"{parts[^2]}/{parts[^1]}" : trimmed;
    }
}
