using System.Globalization;
using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Sources;

namespace Automations.Core.Tests.Sources.Linear;

/// <summary>Every fixture under Payloads/linear, normalized, against what a reader of the payload expects.</summary>
public sealed class LinearSourceFixtureTests
{
    private const string Issue = "linear_issue";
    private const string Checkout = "Checkout crashes when the cart is empty";
    private const string IssueUrl = "https://linear.app/acme/issue/ENG-412/checkout-crashes-when-the-cart-is-empty";
    private const string Ada = "Ada Lovelace";
    private const string Grace = "Grace Hopper";

    private static readonly DateTimeOffset ReceivedAt = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Expected> Expectations = new(StringComparer.Ordinal)
    {
        ["Issue.create.json"] = new(
            "linear.Issue.create", Ada, At("2026-02-03T09:30:00Z"),
            Subject(Issue, "ENG-412", 412, Checkout, IssueUrl, "Todo", "Bug")),
        ["Issue.update-label-added.json"] = new(
            "linear.Issue.update", Ada, At("2026-02-03T09:41:07.220Z"),
            Subject(Issue, "ENG-412", 412, Checkout, IssueUrl, "Todo", "Bug", "agent")),
        ["Issue.update-state-changed.json"] = new(
            "linear.Issue.update", Grace, At("2026-02-03T10:05:12.004Z"),
            Subject(Issue, "ENG-412", 412, Checkout, IssueUrl, "In Progress", "Bug", "agent")),
        ["Issue.remove.json"] = new(
            "linear.Issue.remove", Grace, At("2026-02-03T11:00:00Z"),
            Subject(Issue, "ENG-398", 398, "Duplicate: cart total is off by one", "https://linear.app/acme/issue/ENG-398/duplicate-cart-total-is-off-by-one", "Todo")),
        ["Comment.create.json"] = new(
            "linear.Comment.create", Grace, At("2026-02-03T10:12:44.870Z"),
            Subject(Issue, "ENG-412", null, Checkout, IssueUrl, null)),
        ["Comment.create-issue-id-only.json"] = new(
            "linear.Comment.create", null, At("2026-02-03T10:20:03.118Z"),
            Subject(Issue, "3e8f1a2b-4c5d-4e6f-a7b8-c9d0e1f2a3b4", null, null, IssueUrl, null)),
        ["Project.update.json"] = new(
            "linear.Project.update", Ada, At("2026-02-03T12:00:00Z"),
            Subject("linear_project", "2b3c4d5e-6f70-4812-a3b4-c5d6e7f80912", null, "Checkout reliability", "https://linear.app/acme/project/checkout-reliability-2b3c4d5e6f70", "started")),
        ["AgentSessionEvent.created.json"] = new(
            "linear.AgentSessionEvent.created", Grace, At("2026-02-03T10:30:00.120Z"),
            Subject(Issue, "ENG-412", null, Checkout, IssueUrl, null)),
        ["AgentSessionEvent.prompted.json"] = new(
            "linear.AgentSessionEvent.prompted", Grace, At("2026-02-03T10:41:17.400Z"),
            Subject(Issue, "ENG-412", null, Checkout, IssueUrl, null)),
        ["IssueLabel.create.json"] = new(
            "linear.IssueLabel.create", Ada, At("2026-02-03T08:55:00Z"),
            Subject("linear_issue_label", "f2a3b4c5-d6e7-4f80-91a2-b3c4d5e6f708", null, "agent", null, null)),
    };

    public static TheoryData<string> Fixtures => [.. Expectations.Keys];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Normalize_Fixture_ReadsKindSubjectAndActor(string fileName)
    {
        var expected = Expectations[fileName];
        var body = LinearRequests.Fixture(fileName);
        var source = LinearRequests.SourceAt(LinearRequests.TimestampOf(body));

        var result = source.Normalize(LinearRequests.Signed(body), LinearRequests.DeliveryId, ReceivedAt);

        var actual = Assert.IsType<NormalizeResult.Normalized>(result).Event;
        Assert.Equal("linear", actual.Source);
        Assert.Equal(LinearRequests.DeliveryId, actual.DeliveryId);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Null(actual.Repository);
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
        Assert.Equal(JsonValueKind.Object, actual.Payload.ValueKind);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Verify_FixtureSignedAndReceivedOnTime_Valid(string fileName)
    {
        var body = LinearRequests.Fixture(fileName);
        var source = LinearRequests.SourceAt(LinearRequests.TimestampOf(body).AddSeconds(2));

        Assert.Equal(SignatureResult.Valid, source.Verify(LinearRequests.Signed(body), LinearRequests.Secret));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DeliveryId_Fixture_TheLinearDeliveryHeader(string fileName)
    {
        var body = LinearRequests.Fixture(fileName);
        var source = LinearRequests.SourceAt(LinearRequests.TimestampOf(body));

        Assert.Equal(LinearRequests.DeliveryId, source.DeliveryId(LinearRequests.Signed(body)));
    }

    [Fact]
    public void Fixtures_EveryPayloadFile_HasAnExpectation()
    {
        var files = Directory.GetFiles(LinearRequests.FixtureDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Expectations.Keys.Order(StringComparer.Ordinal), files);
    }

    private static DateTimeOffset At(string timestamp) => DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture);

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

    private sealed record Expected(string Kind, string? Actor, DateTimeOffset OccurredAt, EventSubject Subject);
}
