using System.Globalization;
using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Sources;
using Automations.Core.Sources.Sentry;

namespace Automations.Core.Tests.Sources.Sentry;

/// <summary>Every fixture under Payloads/sentry, normalized, against what a reader of the payload expects.</summary>
public sealed class SentrySourceFixtureTests
{
    private const string Issue = "sentry_issue";
    private const string NullReference = "NullReferenceException: Object reference not set to an instance of an object.";
    private const string Canceled = "TaskCanceledException: A task was canceled.";
    private const string IssueUrl = "https://acme.sentry.io/issues/4620118923/";
    private const string CanceledUrl = "https://acme.sentry.io/issues/4620120077/";
    private const string AlertUrl = "https://acme.sentry.io/alerts/rules/details/312/?alert=57";

    private static readonly DateTimeOffset ReceivedAt = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Expected> Expectations = new(StringComparer.Ordinal)
    {
        ["issue.created.json"] = new(
            "sentry.issue.created", "Sentry", At("2026-02-03T09:02:11.482Z"),
            "issue:created:4620118923",
            Subject(Issue, "4620118923", NullReference, IssueUrl, "unresolved", "error")),
        ["issue.resolved.json"] = new(
            "sentry.issue.resolved", "ada-l", ReceivedAt,
            "issue:resolved:4620118923:2026-02-03T11:40:02.907000Z",
            Subject(Issue, "4620118923", NullReference, IssueUrl, "resolved", "error")),
        ["issue.ignored.json"] = new(
            "sentry.issue.archived", "grace-h", ReceivedAt,
            "issue:archived:4620120077:2026-02-03T10:12:30.004000Z",
            Subject(Issue, "4620120077", Canceled, CanceledUrl, "ignored", "warning")),
        ["issue.archived.json"] = new(
            "sentry.issue.archived", "grace-h", ReceivedAt,
            "issue:archived:4620120077:2026-02-03T10:12:30.004000Z",
            Subject(Issue, "4620120077", Canceled, CanceledUrl, "ignored", "warning")),
        ["issue.assigned.json"] = new(
            "sentry.issue.assigned", "grace-h", ReceivedAt,
            "issue:assigned:4620118923:40117:2026-02-03T09:05:47.120000Z",
            Subject(Issue, "4620118923", NullReference, IssueUrl, "unresolved", "fatal")),
        ["event_alert.triggered.json"] = new(
            "sentry.event_alert.triggered", "Sentry", At("2026-02-03T09:05:47.120Z"),
            "event_alert:triggered:4620118923:b0f2e1d3c4a5968778695a4b3c2d1e0f:Checkout errors to autofix",
            Subject(Issue, "4620118923", NullReference, IssueUrl + "events/b0f2e1d3c4a5968778695a4b3c2d1e0f/", null, "error")),
        ["error.created.json"] = new(
            "sentry.error.created", "Sentry", At("2026-02-03T09:07:02.301Z"),
            "error:created:4620118923:c9a8b7d6e5f40312a1b2c3d4e5f60718",
            Subject(Issue, "4620118923", NullReference, IssueUrl + "events/c9a8b7d6e5f40312a1b2c3d4e5f60718/", null, "error")),
        ["metric_alert.critical.json"] = new(
            "sentry.metric_alert.critical", "Sentry", At("2026-02-03T09:10:00Z"),
            "metric_alert:critical:90211:2026-02-03T09:10:00.000000Z",
            Subject("metric_alert", "90211", "Critical: Checkout error spike", AlertUrl, "critical", "critical")),
        ["metric_alert.resolved.json"] = new(
            "sentry.metric_alert.resolved", "Sentry", At("2026-02-03T10:30:00Z"),
            "metric_alert:resolved:90211:2026-02-03T10:30:00.000000Z",
            Subject("metric_alert", "90211", "Resolved: Checkout error spike", AlertUrl, "resolved", null)),
        ["comment.created.json"] = new(
            "sentry.comment.created", "ada-l", At("2026-02-03T09:20:14.56231Z"),
            "comment:created:4620118923:771204:2026-02-03T09:20:14.562310Z",
            Subject(Issue, "4620118923", null, null, null, null)),
        ["installation.created.json"] = new(
            "sentry.installation.created", "ada-l", ReceivedAt,
            "installation:created:7d3f5a0c-2b1e-4f8a-9c6d-0e1f2a3b4c5d",
            Subject("installation", "7d3f5a0c-2b1e-4f8a-9c6d-0e1f2a3b4c5d", "acme-automations", null, "pending", null)),
        ["seer.root_cause_started.json"] = new(
            "sentry.seer.root_cause_started", "Sentry", ReceivedAt,
            null,
            Subject("seer", null, null, null, null, null)),
    };

    private readonly SentrySource _source = new();

    public static TheoryData<string> Fixtures => [.. Expectations.Keys];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Normalize_Fixture_ReadsKindSubjectAndActor(string fileName)
    {
        var expected = Expectations[fileName];
        var request = SentryRequests.Signed(SentryRequests.ResourceOf(fileName), SentryRequests.Fixture(fileName));

        var result = _source.Normalize(request, "delivery", ReceivedAt);

        var actual = Assert.IsType<NormalizeResult.Normalized>(result).Event;
        Assert.Equal("sentry", actual.Source);
        Assert.Equal("delivery", actual.DeliveryId);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Null(actual.Repository);
        Assert.Equal(expected.Actor, actual.Actor);
        Assert.Equal(expected.OccurredAt, actual.OccurredAt);
        Assert.Equal(expected.Subject.Type, actual.Subject.Type);
        Assert.Equal(expected.Subject.Id, actual.Subject.Id);
        Assert.Null(actual.Subject.Number);
        Assert.Equal(expected.Subject.Title, actual.Subject.Title);
        Assert.Equal(expected.Subject.Url, actual.Subject.Url);
        Assert.Equal(expected.Subject.State, actual.Subject.State);
        Assert.Equal(expected.Subject.Severity, actual.Subject.Severity);
        Assert.Empty(actual.Subject.Labels);
        Assert.Equal(JsonValueKind.Object, actual.Payload.ValueKind);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DeliveryId_Fixture_FromThePayloadsOwnIdentifiers(string fileName)
    {
        var expected = Expectations[fileName];
        var request = SentryRequests.Signed(SentryRequests.ResourceOf(fileName), SentryRequests.Fixture(fileName));

        var deliveryId = _source.DeliveryId(request);

        Assert.NotNull(deliveryId);
        if (expected.DeliveryId is null)
        {
            Assert.Matches("^[a-z_]+:[a-z_]+:sha256:[0-9a-f]{32}$", deliveryId);
        }
        else
        {
            Assert.Equal(expected.DeliveryId, deliveryId);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DeliveryId_FixtureResentWithANewRequestId_SameId(string fileName)
    {
        var body = SentryRequests.Fixture(fileName);
        var resource = SentryRequests.ResourceOf(fileName);

        var first = _source.DeliveryId(SentryRequests.Signed(resource, body, "0c6e8f2a-41b7-4d0e-9a55-3f7b1c2d9e01"));
        var resent = _source.DeliveryId(SentryRequests.Signed(resource, body, "a4417b90-5d2c-4e8f-b6a1-99c03d7e5f12"));

        Assert.Equal(first, resent);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Verify_FixtureSignedWithTheSecret_Valid(string fileName)
    {
        var request = SentryRequests.Signed(SentryRequests.ResourceOf(fileName), SentryRequests.Fixture(fileName));

        Assert.Equal(SignatureResult.Valid, _source.Verify(request, SentryRequests.Secret));
    }

    [Fact]
    public void Fixtures_EveryPayloadFile_HasAnExpectation()
    {
        var files = Directory.GetFiles(SentryRequests.FixtureDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Expectations.Keys.Order(StringComparer.Ordinal), files);
    }

    private static DateTimeOffset At(string timestamp) => DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture);

    private static EventSubject Subject(string type, string? id, string? title, string? url, string? state, string? severity) => new()
    {
        Type = type,
        Id = id,
        Title = title,
        Url = url,
        State = state,
        Severity = severity,
    };

    private sealed record Expected(string Kind, string? Actor, DateTimeOffset OccurredAt, string? DeliveryId, EventSubject Subject);
}
