using Automations.Core.Sessions;

namespace Automations.Storage.Sqlite;

/// <summary>A <c>sessions</c> row as Dapper reads it.</summary>
internal sealed class SessionRow
{
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
    };
}
