using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Configuration;
using Automations.Integrations.Actions;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// Runs the checks that are due, one at a time: reviews the pull request's automations and makes its one
/// check run on the head commit. The run is named by its <c>external_id</c> (the repository and head), and
/// looked for before one is made, so a worker that died after GitHub made it (and before the store heard)
/// finishes that run instead of making a second; annotations beyond GitHub's 50 a request follow by updates,
/// from the count the run already has. A failure is tried again later, up to <c>MaxAttempts</c>.
/// </summary>
public sealed partial class DefinitionCheckRunner(
    IDefinitionChecks checks,
    DefinitionReview review,
    GitHubClient github,
    IOptions<AutomationsOptions> automations,
    IOptions<ActionsOptions> actions,
    ILogger<DefinitionCheckRunner> logger,
    TimeProvider time)
{
    private readonly DefinitionCheckOptions _options = automations.Value.Checks;

    /// <summary>Runs every check due now; how many were taken.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var taken = 0;
        while (await checks.TakeAsync(_options.Lease, cancellationToken) is { } check)
        {
            taken++;
            await RunAsync(check, cancellationToken);
        }

        return taken;
    }

    private async Task RunAsync(DefinitionCheck check, CancellationToken cancellationToken)
    {
        try
        {
            var url = RepositoryLocation.Resolve(check.Repository, automations.Value.GitHub.GitUrl, Directory.GetCurrentDirectory());
            var consoleUrl = actions.Value.PublicUrl is { } publicUrl ? new Uri(publicUrl, "automations") : null;
            if (await review.ReviewAsync(url, check, _options.Deliveries, consoleUrl, cancellationToken) is not { } report)
            {
                await checks.FinishAsync(check, "no definition changed", null, cancellationToken);
                Log.NothingChanged(logger, check.Repository, check.PullNumber);
                return;
            }

            var runId = await PostAsync(check, report, cancellationToken);
            await checks.FinishAsync(check, report.Conclusion, runId, cancellationToken);
            Log.Posted(logger, check.Repository, check.PullNumber, check.HeadSha, report.Conclusion, runId);
        }
        catch (Exception ex) when (ex is GitException or CheckFailedException or ArgumentException)
        {
            var giveUp = check.Attempts >= _options.MaxAttempts;
            await checks.RetryAsync(check, ex.Message, time.GetUtcNow() + TimeSpan.FromSeconds(15 * check.Attempts * check.Attempts), giveUp, CancellationToken.None);
            Log.Failed(logger, check.Repository, check.PullNumber, check.Attempts, giveUp, ex.Message);
        }
    }

    private async Task<long> PostAsync(DefinitionCheck check, CheckRunReport report, CancellationToken cancellationToken)
    {
        if (!GitHubRepository.TryParse(check.Repository, out var repository))
        {
            throw new CheckFailedException($"'{check.Repository}' is not owner/name");
        }

        var existing = Value(await github.ListCheckRunsAsync(repository, check.HeadSha, _options.Name, cancellationToken)).FirstOrDefault(r => r.ExternalId == check.Id);
        var run = existing ?? Value(await github.CreateCheckRunAsync(
            repository,
            new NewCheckRun(_options.Name, check.HeadSha, "completed", report.Output(0))
            {
                Conclusion = report.Conclusion,
                ExternalId = check.Id,
                DetailsUrl = report.ConsoleUrl?.ToString(),
                CompletedAt = time.GetUtcNow(),
            },
            cancellationToken));

        // What a run made before a crash already has is not sent again.
        var from = existing is null ? 1 : (existing.Output?.AnnotationsCount ?? 0) / CheckRunOutputDraft.MaxAnnotations;
        for (var chunk = from; chunk < report.AnnotationChunks.Count; chunk++)
        {
            Value(await github.UpdateCheckRunAsync(repository, run.Id, new CheckRunUpdate(report.Output(chunk)), cancellationToken));
        }

        return run.Id;
    }

    private static T Value<T>(ProviderResult<T> result) => result.Succeeded ? result.Value : throw new CheckFailedException(result.Error.ToString());

    private sealed class CheckFailedException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Definition check of {Repository}#{Number} at {HeadSha}: {Conclusion}, check run {CheckRunId}")]
        public static partial void Posted(ILogger logger, string repository, int number, string headSha, string conclusion, long checkRunId);

        [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "{Repository}#{Number} changes no automation: no check run")]
        public static partial void NothingChanged(ILogger logger, string repository, int number);

        [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Definition check of {Repository}#{Number} failed (attempt {Attempt}, given up: {GivenUp}): {Error}")]
        public static partial void Failed(ILogger logger, string repository, int number, int attempt, bool givenUp, string error);
    }
}
