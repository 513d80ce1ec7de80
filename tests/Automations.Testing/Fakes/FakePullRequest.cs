namespace Automations.Testing.Fakes;

/// <summary>A pull request as <see cref="FakeGitHub"/> keeps it.</summary>
public sealed class FakePullRequest
{
    public required string Repository { get; init; }

    public required int Number { get; init; }

    public required string Title { get; set; }

    public string? Body { get; set; }

    public required string HeadOwner { get; init; }

    public required string Head { get; init; }

    public string HeadSha { get; set; } = "0123456789abcdef0123456789abcdef01234567";

    public required string Base { get; init; }

    public bool Draft { get; init; }

    public string State { get; set; } = "open";

    public bool Merged { get; set; }

    /// <summary>When it was opened, as GitHub writes times.</summary>
    public string? CreatedAt { get; init; }

    /// <summary>The commit its merge made on the base branch, once merged.</summary>
    public string? MergeCommitSha { get; set; }

    public string MergeableState { get; set; } = "clean";

    /// <summary>The <c>merge_method</c> it was merged with through the API; null when it was not.</summary>
    public string? MergeMethod { get; set; }

    public List<string> Labels { get; } = [];

    public List<string> RequestedReviewers { get; } = [];

    public List<string> RequestedTeams { get; } = [];
}
