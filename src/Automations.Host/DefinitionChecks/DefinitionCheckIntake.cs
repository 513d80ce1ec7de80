using System.Text.Json;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sources.GitHub;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// The webhook path's part: a GitHub <c>pull_request</c> delivery (<c>opened</c>, <c>synchronize</c>,
/// <c>reopened</c>) that the pipeline took, in a repository the engine acts on, records a check as due for
/// its head commit, and wakes the worker. Nothing more happens before the answer: whether the pull request
/// changes <c>.automations/</c> at all is the worker's question. A duplicate records again (a crash may have
/// come between the delivery and the record); the store keeps one per head commit.
/// </summary>
public sealed partial class DefinitionCheckIntake(IDefinitionChecks checks, IDefinitionCheckScope scope, WorkSignal signal, ILogger<DefinitionCheckIntake> logger)
{
    private static readonly string[] Actions = ["opened", "synchronize", "reopened"];

    /// <summary>Records the check a delivery calls for, if any; a failure is logged, never the webhook's.</summary>
    public static Task NoteAsync(IServiceProvider services, string source, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body, IngestOutcome outcome) =>
        services.GetService<DefinitionCheckIntake>() is { } intake && outcome is IngestOutcome.Accepted or IngestOutcome.Duplicate or IngestOutcome.Ignored
            ? intake.NoteAsync(source, headers, body)
            : Task.CompletedTask;

    private async Task NoteAsync(string source, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
    {
        if (source != GitHubSource.SourceName || !headers.TryGetValue(GitHubHeaders.Event, out var name) || name != "pull_request"
            || Read(body, headers.GetValueOrDefault(GitHubHeaders.Delivery) ?? string.Empty) is not { } check || !scope.Covers(check.Repository))
        {
            return;
        }

        try
        {
            if (await checks.AddAsync(check, CancellationToken.None))
            {
                Log.Due(logger, check.Repository, check.PullNumber, check.HeadSha);
                signal.Notify(1);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.NotRecorded(logger, check.Repository, check.PullNumber, ex);
        }
    }

    /// <summary>The check a <c>pull_request</c> payload calls for; null for another action or a payload without what it needs.</summary>
    internal static DefinitionCheck? Read(ReadOnlyMemory<byte> body, string deliveryId)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("action", out var action) || !Actions.Contains(action.GetString())
                || !root.TryGetProperty("pull_request", out var pull) || pull.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var repository = root.GetProperty("repository").GetProperty("full_name").GetString();
            var number = pull.GetProperty("number").GetInt32();
            var head = pull.GetProperty("head").GetProperty("sha").GetString();
            var @base = pull.GetProperty("base").GetProperty("sha").GetString();
            return repository is null || head is null || @base is null ? null : new DefinitionCheck(repository, number, head, @base, deliveryId);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Definition check due on {Repository}#{Number} at {HeadSha}")]
        public static partial void Due(ILogger logger, string repository, int number, string headSha);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "The definition check of {Repository}#{Number} was not recorded")]
        public static partial void NotRecorded(ILogger logger, string repository, int number, Exception exception);
    }
}
