using Automations.Core.Events;
using Automations.Core.Sources;
using Automations.Core.Sources.GitHub;

namespace Automations.Core.Tests.Sources.GitHub;

/// <summary>Every fixture under Payloads/github, normalized, against what a reader of the payload expects.</summary>
public sealed class GitHubSourceFixtureTests
{
    private const string Web = "acme/web";
    private const string Bot = "automations-bot[bot]";
    private const string PullRequest = "https://github.com/acme/web/pull/1352";
    private const string FixTitle = "fix: guard the empty cart on checkout";

    private static readonly DateTimeOffset ReceivedAt = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Expected> Expectations = new(StringComparer.Ordinal)
    {
        ["issues.opened.json"] = new(
            "github.issues.opened", Web, "ada-l", At("2026-02-03T09:14:07Z"),
            Subject("issue", "1347", 1347, "Checkout page crashes when the cart is empty", "https://github.com/acme/web/issues/1347", "open", "bug", "checkout")),
        ["issues.labeled.json"] = new(
            "github.issues.labeled", Web, "grace-h", At("2026-02-03T10:02:51Z"),
            Subject("issue", "1347", 1347, "Checkout page crashes when the cart is empty", "https://github.com/acme/web/issues/1347", "open", "bug", "checkout", "autofix")),
        ["issue_comment.created.json"] = new(
            "github.issue_comment.created", Web, "grace-h", At("2026-02-03T11:19:58Z"),
            Subject("issue", "1347", 1347, "Checkout page crashes when the cart is empty", "https://github.com/acme/web/issues/1347", "open", "bug")),
        ["issue_comment.created-on-pull-request.json"] = new(
            "github.issue_comment.created", Web, "ada-l", At("2026-02-03T12:05:30Z"),
            Subject("pull_request", "1352", 1352, FixTitle, PullRequest, "open")),
        ["pull_request.opened.json"] = new(
            "github.pull_request.opened", Web, Bot, At("2026-02-03T10:40:12Z"),
            Subject("pull_request", "1352", 1352, FixTitle, PullRequest, "open", "bug")),
        ["pull_request.closed-merged.json"] = new(
            "github.pull_request.closed", Web, "grace-h", At("2026-02-04T08:30:45Z"),
            Subject("pull_request", "1352", 1352, FixTitle, PullRequest, "merged")),
        ["pull_request.closed-not-merged.json"] = new(
            "github.pull_request.closed", "acme/api", "grace-h", At("2026-02-02T16:45:09Z"),
            Subject("pull_request", "88", 88, "chore: try the new rate limiter", "https://github.com/acme/api/pull/88", "closed", "experiment")),
        ["pull_request_review.submitted.json"] = new(
            "github.pull_request_review.submitted", Web, "grace-h", At("2026-02-03T13:12:40Z"),
            Subject("pull_request", "1352", 1352, FixTitle, PullRequest, "open")),
        ["pull_request_review_comment.created.json"] = new(
            "github.pull_request_review_comment.created", Web, "grace-h", At("2026-02-03T13:11:05Z"),
            Subject("pull_request", "1352", 1352, FixTitle, PullRequest, "open", "autofix")),
        ["check_suite.completed.json"] = new(
            "github.check_suite.completed", Web, Bot, At("2026-02-03T10:46:02Z"),
            Subject("check_suite", "40118822301", null, "automations/fix-1347", null, "failure")),
        ["check_run.completed.json"] = new(
            "github.check_run.completed", Web, Bot, At("2026-02-03T10:45:57Z"),
            Subject("check_run", "47001122334", null, "unit-tests", "https://github.com/acme/web/runs/47001122334", "failure")),
        ["workflow_run.completed.json"] = new(
            "github.workflow_run.completed", Web, Bot, At("2026-02-03T10:46:03Z"),
            Subject("workflow_run", "13102240087", null, FixTitle, "https://github.com/acme/web/actions/runs/13102240087", "failure")),
        ["workflow_job.completed.json"] = new(
            "github.workflow_job.completed", Web, Bot, At("2026-02-03T10:45:57Z"),
            Subject("workflow_job", "47001122334", null, "unit-tests", "https://github.com/acme/web/actions/runs/13102240087/job/47001122334", "failure")),
        ["push.json"] = new(
            "github.push", Web, "grace-h", At("2026-02-04T08:30:44Z"),
            Subject("push", "c81e9a7d6b5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d", null, FixTitle + " (#1352)", "https://github.com/acme/web/compare/41d7e0b2c3a4...c81e9a7d6b5f", null)),
        ["push.tag-deleted.json"] = new(
            "github.push", Web, "ada-l", ReceivedAt,
            Subject("push", "0000000000000000000000000000000000000000", null, null, "https://github.com/acme/web/compare/9f0c2d4e7a1b...000000000000", null)),
        ["release.published.json"] = new(
            "github.release.published", Web, "grace-h", ReceivedAt,
            Subject("release", "190044821", null, "v2.14.0: empty carts", "https://github.com/acme/web/releases/tag/v2.14.0", null)),
    };

    private readonly GitHubSource _source = new();

    public static TheoryData<string> Fixtures => [.. Expectations.Keys];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Normalize_Fixture_ReadsKindSubjectRepositoryAndActor(string fileName)
    {
        var expected = Expectations[fileName];
        var request = GitHubRequests.Signed(GitHubRequests.EventOf(fileName), GitHubRequests.Fixture(fileName));

        var result = _source.Normalize(request, GitHubRequests.DeliveryId, ReceivedAt);

        var actual = Assert.IsType<NormalizeResult.Normalized>(result).Event;
        Assert.Equal("github", actual.Source);
        Assert.Equal(GitHubRequests.DeliveryId, actual.DeliveryId);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Repository, actual.Repository);
        Assert.Equal(expected.Actor, actual.Actor);
        Assert.Equal(expected.OccurredAt, actual.OccurredAt);
        Assert.Equal(expected.Subject.Type, actual.Subject.Type);
        Assert.Equal(expected.Subject.Id, actual.Subject.Id);
        Assert.Equal(expected.Subject.Number, actual.Subject.Number);
        Assert.Equal(expected.Subject.Title, actual.Subject.Title);
        Assert.Equal(expected.Subject.Url, actual.Subject.Url);
        Assert.Equal(expected.Subject.State, actual.Subject.State);
        Assert.Equal(expected.Subject.Labels, actual.Subject.Labels);
        Assert.Null(actual.Subject.Severity);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, actual.Payload.ValueKind);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Verify_FixtureSignedWithTheSecret_Valid(string fileName)
    {
        var request = GitHubRequests.Signed(GitHubRequests.EventOf(fileName), GitHubRequests.Fixture(fileName));

        Assert.Equal(SignatureResult.Valid, _source.Verify(request, GitHubRequests.Secret));
    }

    [Fact]
    public void Fixtures_EveryPayloadFile_HasAnExpectationOrIsPing()
    {
        var files = Directory.GetFiles(GitHubRequests.FixtureDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Expectations.Keys.Append("ping.json").Order(StringComparer.Ordinal), files);
    }

    private static DateTimeOffset At(string timestamp) => DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture);

    private static EventSubject Subject(string type, string? id, long? number, string? title, string? url, string? state, params string[] labels) => new()
    {
        Type = type,
        Id = id,
        Number = number,
        Title = title,
        Url = url,
        State = state,
        Labels = labels,
    };

    private sealed record Expected(string Kind, string? Repository, string? Actor, DateTimeOffset OccurredAt, EventSubject Subject);
}
