using Automations.Core.Definitions;
using Automations.Core.Sessions;

namespace Automations.Storage.Sql;

/// <summary>A <c>sessions</c> row as Dapper reads it.</summary>
internal sealed class SessionRow
{
    public const string Columns =
        "id AS Id, automation AS Automation, status AS Status, activity AS Activity, repository AS Repository, " +
        "branch AS Branch, pr_number AS PrNumber, pr_url AS PrUrl, source AS Source, kind AS Kind, delivery_id AS DeliveryId, " +
        "created_at AS CreatedAt, updated_at AS UpdatedAt, error AS Error, agent AS Agent, agent_session_id AS AgentSessionId, " +
        "repository_url AS RepositoryUrl, base AS Base, question AS Question, cost_usd AS CostUsd, input_tokens AS InputTokens, " +
        "output_tokens AS OutputTokens, turns AS Turns, concurrency_key AS ConcurrencyKey, heartbeat_at AS HeartbeatAt, " +
        "inbox_seq AS InboxSeq, handled_seq AS HandledSeq, sandboxed AS Sandboxed, output_bytes AS OutputBytes, last_seq AS LastSeq, " +
        "outcome AS Outcome, outcome_at AS OutcomeAt, " +
        "definition_repository AS DefinitionRepository, definition_path AS DefinitionPath, definition_commit AS DefinitionCommit";

    public string Id { get; set; } = "";

    public string Automation { get; set; } = "";

    public string Status { get; set; } = "";

    public string? Activity { get; set; }

    public string? Repository { get; set; }

    public string? Branch { get; set; }

    public long? PrNumber { get; set; }

    public string? PrUrl { get; set; }

    public string Source { get; set; } = "";

    public string Kind { get; set; } = "";

    public string DeliveryId { get; set; } = "";

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public string? Error { get; set; }

    public string? Agent { get; set; }

    public string? AgentSessionId { get; set; }

    public string? RepositoryUrl { get; set; }

    public string? Base { get; set; }

    public string? Question { get; set; }

    public double CostUsd { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long Turns { get; set; }

    public string? ConcurrencyKey { get; set; }

    public long? HeartbeatAt { get; set; }

    public long InboxSeq { get; set; }

    public long HandledSeq { get; set; }

    public long? Sandboxed { get; set; }

    public long OutputBytes { get; set; }

    public long LastSeq { get; set; }

    public string? Outcome { get; set; }

    public long? OutcomeAt { get; set; }

    public string? DefinitionRepository { get; set; }

    public string? DefinitionPath { get; set; }

    public string? DefinitionCommit { get; set; }

    public Session ToSession() => new()
    {
        Id = Id,
        Automation = Automation,
        Status = Status,
        Activity = Activity,
        Repository = Repository,
        Branch = Branch,
        PullRequest = PrNumber is { } number && PrUrl is { } url ? new PullRequestRef(number, url) : null,
        Trigger = new SessionTrigger(Source, Kind, DeliveryId),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        Error = Error,
        Agent = Agent,
        AgentSessionId = AgentSessionId,
        RepositoryUrl = RepositoryUrl,
        Base = Base,
        Question = Question,
        CostUsd = Math.Round((decimal)CostUsd, 6),
        Tokens = new SessionTokens(InputTokens, OutputTokens),
        Turns = (int)Turns,
        ConcurrencyKey = ConcurrencyKey,
        HeartbeatAt = HeartbeatAt is { } beat ? DateTimeOffset.FromUnixTimeMilliseconds(beat) : null,
        InboxSeq = InboxSeq,
        HandledSeq = HandledSeq,
        Sandboxed = Sandboxed is { } sandboxed ? sandboxed != 0 : null,
        OutputBytes = OutputBytes,
        LastSeq = LastSeq,
        Outcome = Outcome,
        OutcomeAt = OutcomeAt is { } outcomeAt ? DateTimeOffset.FromUnixTimeMilliseconds(outcomeAt) : null,
        Definition = DefinitionPath is { } path ? new DefinitionOrigin(DefinitionRepository, path, DefinitionCommit) : null,
    };
}
