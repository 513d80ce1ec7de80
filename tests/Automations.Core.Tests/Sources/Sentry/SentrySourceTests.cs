using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.Sentry;

namespace Automations.Core.Tests.Sources.Sentry;

public sealed class SentrySourceTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly SentrySource _source = new();

    [Fact]
    public void Name_Always_Sentry()
    {
        Assert.Equal("sentry", _source.Name);
    }

    [Fact]
    public void Verify_SignedDelivery_Valid()
    {
        var request = SentryRequests.Signed("issue", SentryRequests.Fixture("issue.created.json"));

        Assert.Equal(SignatureResult.Valid, _source.Verify(request, SentryRequests.Secret));
    }

    [Fact]
    public void Verify_TamperedBody_SignatureMismatch()
    {
        var signed = SentryRequests.Signed("issue", SentryRequests.Fixture("issue.created.json"));
        var tampered = signed with { Body = SentryRequests.Fixture("issue.resolved.json") };

        Assert.Equal(SignatureResult.SignatureMismatch, _source.Verify(tampered, SentryRequests.Secret));
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatch()
    {
        var request = SentryRequests.Signed("issue", SentryRequests.Fixture("issue.created.json"));

        Assert.Equal(SignatureResult.SignatureMismatch, _source.Verify(request, "another-secret"));
    }

    [Fact]
    public void Verify_MissingSignatureHeader_MissingSignature()
    {
        var body = SentryRequests.Fixture("issue.created.json");
        var request = SentryRequests.With([new("Sentry-Hook-Resource", "issue")], body);

        Assert.Equal(SignatureResult.MissingSignature, _source.Verify(request, SentryRequests.Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_MissingSecret_MissingSecret(string? secret)
    {
        var request = SentryRequests.Signed("issue", SentryRequests.Fixture("issue.created.json"));

        Assert.Equal(SignatureResult.MissingSecret, _source.Verify(request, secret));
    }

    [Fact]
    public void Verify_PrefixedSignature_MalformedSignature()
    {
        var body = SentryRequests.Fixture("issue.created.json");
        var request = SentryRequests.With(
            [new("Sentry-Hook-Signature", "sha256=" + HmacSignature.ComputeHex(SentryRequests.Secret, body))],
            body);

        Assert.Equal(SignatureResult.MalformedSignature, _source.Verify(request, SentryRequests.Secret));
    }

    [Fact]
    public void DeliveryId_DifferentRequestIds_IgnoresRequestId()
    {
        var body = SentryRequests.Fixture("event_alert.triggered.json");

        var deliveryId = _source.DeliveryId(SentryRequests.Signed("event_alert", body, "a4417b90-5d2c-4e8f-b6a1-99c03d7e5f12"));

        Assert.DoesNotContain("a4417b90", deliveryId, StringComparison.Ordinal);
        Assert.StartsWith("event_alert:triggered:4620118923:", deliveryId, StringComparison.Ordinal);
    }

    [Fact]
    public void DeliveryId_SameIssueResolvedAfterANewEvent_DifferentIds()
    {
        var first = Issue("resolved", lastSeen: "2026-02-03T11:40:02.907000Z");
        var second = Issue("resolved", lastSeen: "2026-02-04T08:12:55.310000Z");

        Assert.NotEqual(_source.DeliveryId(first), _source.DeliveryId(second));
    }

    [Fact]
    public void DeliveryId_CreatedResentAfterMoreEvents_SameId()
    {
        var first = Issue("created", lastSeen: "2026-02-03T09:05:47.120000Z");
        var rebuilt = Issue("created", lastSeen: "2026-02-03T09:06:12.001000Z");

        Assert.Equal(_source.DeliveryId(first), _source.DeliveryId(rebuilt));
    }

    [Fact]
    public void DeliveryId_SameIssueDifferentActions_DifferentIds()
    {
        Assert.NotEqual(_source.DeliveryId(Issue("resolved")), _source.DeliveryId(Issue("unresolved")));
    }

    [Fact]
    public void DeliveryId_TwoEventsOfOneIssue_DifferentIds()
    {
        var first = EventAlert("b0f2e1d3c4a5968778695a4b3c2d1e0f", "Checkout errors to autofix");
        var second = EventAlert("d1e2f3a4b5c6978899aabbccddeeff00", "Checkout errors to autofix");

        Assert.NotEqual(_source.DeliveryId(first), _source.DeliveryId(second));
    }

    [Fact]
    public void DeliveryId_TwoRulesFiringOnOneEvent_DifferentIds()
    {
        var first = EventAlert("b0f2e1d3c4a5968778695a4b3c2d1e0f", "Checkout errors to autofix");
        var second = EventAlert("b0f2e1d3c4a5968778695a4b3c2d1e0f", "Page the on-call");

        Assert.NotEqual(_source.DeliveryId(first), _source.DeliveryId(second));
    }

    [Fact]
    public void DeliveryId_IgnoredAndArchivedOfTheSameIssue_SameId()
    {
        var ignored = _source.DeliveryId(SentryRequests.Signed("issue", SentryRequests.Fixture("issue.ignored.json")));
        var archived = _source.DeliveryId(SentryRequests.Signed("issue", SentryRequests.Fixture("issue.archived.json")));

        Assert.Equal(archived, ignored);
    }

    [Fact]
    public void DeliveryId_IssueWithoutId_FallsBackToTheBodyHash()
    {
        var request = SentryRequests.Signed("issue", """{"action":"created","data":{"issue":{"title":"no id"}}}""");

        Assert.Matches("^issue:created:sha256:[0-9a-f]{32}$", _source.DeliveryId(request));
    }

    [Fact]
    public void DeliveryId_MissingResourceHeader_Null()
    {
        var request = SentryRequests.Signed(null, SentryRequests.Fixture("issue.created.json"));

        Assert.Null(_source.DeliveryId(request));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"data":{}}""")]
    public void DeliveryId_BodyWithoutAnAction_Null(string body)
    {
        Assert.Null(_source.DeliveryId(SentryRequests.Signed("issue", body)));
    }

    [Theory]
    [InlineData("ignored")]
    [InlineData("archived")]
    public void Normalize_IssueSetAside_KindIsArchived(string action)
    {
        var result = _source.Normalize(Issue(action), "delivery", ReceivedAt);

        Assert.Equal("sentry.issue.archived", Assert.IsType<NormalizeResult.Normalized>(result).Event.Kind);
    }

    [Fact]
    public void Normalize_IgnoredIssue_PayloadKeepsTheActionAsSent()
    {
        var result = _source.Normalize(Issue("ignored"), "delivery", ReceivedAt);

        var payload = Assert.IsType<NormalizeResult.Normalized>(result).Event.Payload;
        Assert.Equal("ignored", payload.GetProperty("action").GetString());
    }

    [Fact]
    public void Normalize_IgnoredOnAnotherResource_KeptAsSent()
    {
        var request = SentryRequests.Signed("comment", """{"action":"ignored","data":{"issue_id":1}}""");

        var result = _source.Normalize(request, "delivery", ReceivedAt);

        Assert.Equal("sentry.comment.ignored", Assert.IsType<NormalizeResult.Normalized>(result).Event.Kind);
    }

    [Fact]
    public void Normalize_EventWithOnlyAnEpochTimestamp_OccurredAtFromIt()
    {
        var request = SentryRequests.Signed(
            "event_alert",
            """{"action":"triggered","data":{"event":{"issue_id":"7","event_id":"e1","timestamp":1770109547.12,"level":"fatal"}}}""");

        var result = _source.Normalize(request, "delivery", ReceivedAt);

        var actual = Assert.IsType<NormalizeResult.Normalized>(result).Event;
        Assert.Equal(new DateTimeOffset(2026, 2, 3, 9, 5, 47, 120, TimeSpan.Zero), actual.OccurredAt);
        Assert.Equal("fatal", actual.Subject.Severity);
    }

    [Fact]
    public void Normalize_MissingResourceHeader_Malformed()
    {
        var request = SentryRequests.Signed(null, SentryRequests.Fixture("issue.created.json"));

        var result = _source.Normalize(request, "delivery", ReceivedAt);

        Assert.Contains("Sentry-Hook-Resource", Assert.IsType<NormalizeResult.Malformed>(result).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"data":{"issue":{"id":"1"}}}""")]
    [InlineData("""{"action":7}""")]
    public void Normalize_UnreadableBody_Malformed(string body)
    {
        var result = _source.Normalize(SentryRequests.Signed("issue", body), "delivery", ReceivedAt);

        Assert.IsType<NormalizeResult.Malformed>(result);
    }

    [Fact]
    public void Normalize_IssueWithoutData_SubjectWithNullsAndReceivedAt()
    {
        var result = _source.Normalize(SentryRequests.Signed("issue", """{"action":"created"}"""), "delivery", ReceivedAt);

        var actual = Assert.IsType<NormalizeResult.Normalized>(result).Event;
        Assert.Equal("sentry_issue", actual.Subject.Type);
        Assert.Null(actual.Subject.Id);
        Assert.Null(actual.Actor);
        Assert.Equal(ReceivedAt, actual.OccurredAt);
    }

    private static WebhookRequest Issue(string action, string lastSeen = "2026-02-03T11:40:02.907000Z") =>
        SentryRequests.Signed(
            "issue",
            Encoding.UTF8.GetBytes(
                $$$"""{"action":"{{{action}}}","data":{"issue":{"id":"4620118923","lastSeen":"{{{lastSeen}}}","level":"error","status":"resolved"}},"actor":{"name":"ada-l"}}"""));

    private static WebhookRequest EventAlert(string eventId, string rule) =>
        SentryRequests.Signed(
            "event_alert",
            Encoding.UTF8.GetBytes(
                $$$"""{"action":"triggered","data":{"event":{"issue_id":"4620118923","event_id":"{{{eventId}}}"},"triggered_rule":"{{{rule}}}"}}"""));
}
