using System.Text.Json;
using Automations.Core.Actors;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Host.Sessions;
using Automations.Integrations.GitHub;
using Microsoft.Extensions.Options;

namespace Automations.Host.Surfaces;

/// <summary>
/// <c>@automations …</c> in a comment on a session's pull request (its conversation or a line of its diff) or on the
/// issue that started it steers that session: <c>stop</c>, <c>resume</c>, <c>retry</c>, or a message (a follow-up, or
/// the answer to its question), from a trusted author by the session's automation's <c>actors:</c> (by default
/// OWNER, MEMBER, COLLABORATOR). The engine answers with a reaction (<c>+1</c> done, <c>eyes</c> the agent has it,
/// <c>confused</c> not done) and, where the command could not be done, a reply saying why. An outsider's command is
/// refused on the delivery's record, with the reason. Comments from bots, and the engine's own (they carry its
/// marker), never steer. A delivery already stored was steered by when it first came.
/// </summary>
public sealed partial class GitHubCommandObserver(
    ISessionStore sessions,
    IDeliveryStore deliveries,
    IDefinitionCatalog definitions,
    SessionCommands commands,
    GitHubClient github,
    IOptions<GitHubClientOptions> options,
    ILogger<GitHubCommandObserver> logger) : IJudgingEventObserver
{
    /// <summary>What the delivery's refused list names these refusals by.</summary>
    public const string RefusedName = "@automations";

    /// <summary>What every comment of the engine holds; such a comment never steers.</summary>
    public const string EngineMarker = "<!-- automations:";

    public async Task<IReadOnlyList<RefusedMatch>> JudgeAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        if (Read(triggerEvent, options.Value.CommandWord) is not { } comment || !GitHubRepository.TryParse(triggerEvent.Repository, out var repository)
            || await sessions.FindByIssueAsync(repository.FullName, comment.Number, cancellationToken) is not { } session
            || await deliveries.GetAsync(triggerEvent.Source, triggerEvent.DeliveryId, cancellationToken) is not null)
        {
            return [];
        }

        repository = repository with { InstallationId = GitHubInstallation.FromPayload(triggerEvent.Payload) };
        var decision = ActorPolicy.Decide(definitions.Current.Find(session.Automation)?.Actors, triggerEvent);
        if (!decision.Allowed)
        {
            await ReactAsync(repository, comment, "confused", cancellationToken);
            return [new RefusedMatch(RefusedName, $"not steering session {session.Id}: {decision.Reason}")];
        }

        var command = SteeringCommand.Parse(comment.Text);
        var result = command.Text is null && command.Verb == SteeringCommand.Message
            ? SessionCommandResult.Invalid($"Write what the agent should do after {options.Value.CommandWord}, or stop, resume or retry.")
            : await command.RunAsync(commands, session.Id, $"github:{comment.Author}", question: null, cancellationToken);
        Log.Steered(logger, session.Id, command.Verb, comment.Author, result.StatusCode);
        await ReactAsync(repository, comment, !result.Succeeded ? "confused" : command.Verb == SteeringCommand.Message ? "eyes" : "+1", cancellationToken);
        if (!result.Succeeded)
        {
            var reply = await github.CreateIssueCommentAsync(repository, (int)comment.Number, $"@{comment.Author} {result.Problem}\n\n{EngineMarker}{session.Id}:reply -->", cancellationToken);
            if (!reply.Succeeded)
            {
                Log.ReplyFailed(logger, session.Id, reply.Error.ToString());
            }
        }

        return [];
    }

    private async Task ReactAsync(GitHubRepository repository, Comment comment, string content, CancellationToken cancellationToken)
    {
        var reacted = await github.AddReactionAsync(repository, comment.Id, content, comment.OnDiff, cancellationToken);
        if (!reacted.Succeeded)
        {
            Log.ReplyFailed(logger, comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), reacted.Error.ToString());
        }
    }

    /// <summary>The command comment a delivery carries: a new comment that starts with the command word, by a person, not by the engine.</summary>
    private static Comment? Read(TriggerEvent e, string word)
    {
        var onDiff = e.Kind == "github.pull_request_review_comment.created";
        if (e.Source != "github" || (e.Kind != "github.issue_comment.created" && !onDiff)
            || !Object(e.Payload, "comment", out var comment) || Text(comment, "body") is not { } body
            || Number(Object(e.Payload, onDiff ? "pull_request" : "issue", out var on) ? on : default, "number") is not { } number
            || Number(comment, "id") is not { } id)
        {
            return null;
        }

        var trimmed = body.TrimStart();
        var user = Object(comment, "user", out var u) ? u : default;
        var isBot = Text(user, "type") == "Bot" || (Text(user, "login")?.EndsWith("[bot]", StringComparison.Ordinal) ?? false);
        if (isBot || body.Contains(EngineMarker, StringComparison.Ordinal) || !trimmed.StartsWith(word, StringComparison.OrdinalIgnoreCase)
            || (trimmed.Length > word.Length && !char.IsWhiteSpace(trimmed[word.Length]) && trimmed[word.Length] is not (',' or ':')))
        {
            return null;
        }

        return new Comment(id, number, trimmed[word.Length..].TrimStart(',', ':').Trim(), Text(user, "login") ?? e.Actor ?? "unknown", onDiff);
    }

    private static bool Object(JsonElement e, string name, out JsonElement value)
    {
        value = default;
        return e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    /// <summary>A command comment: its id, the issue or pull request it is on, what follows the command word, its author.</summary>
    private sealed record Comment(long Id, long Number, string Text, string Author, bool OnDiff);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1730, Level = LogLevel.Information, Message = "GitHub comment by {Author} steered session {SessionId}: {Verb}, answered {Status}")]
        public static partial void Steered(ILogger logger, string sessionId, string verb, string author, int status);

        [LoggerMessage(EventId = 1731, Level = LogLevel.Warning, Message = "GitHub did not take the engine's answer to a command about {Subject}: {Error}")]
        public static partial void ReplyFailed(ILogger logger, string subject, string error);
    }
}
