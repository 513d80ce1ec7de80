using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.Linear;
using Automations.Testing;

namespace Automations.Core.Tests.Sources.Linear;

public sealed class LinearSourceTests
{
    private const string Fixture = "Issue.update-label-added.json";

    private static readonly byte[] Body = LinearRequests.Fixture(Fixture);
    private static readonly DateTimeOffset SentAt = LinearRequests.TimestampOf(Body);
    private static readonly DateTimeOffset ReceivedAt = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Name_Always_Linear()
    {
        Assert.Equal("linear", LinearRequests.SourceAt(SentAt).Name);
    }

    [Fact]
    public void Window_DefaultConstructor_SixtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), LinearRequests.SourceAt(SentAt).Window);
    }

    [Fact]
    public void Constructor_NullTime_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new LinearSource(null!, TimeSpan.FromSeconds(60)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_WindowNotPositive_Throws(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSource(new ManualTimeProvider(SentAt), TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Verify_TamperedBody_SignatureMismatch()
    {
        var tampered = LinearRequests.Signed(Body) with { Body = LinearRequests.Fixture("Issue.update-state-changed.json") };

        Assert.Equal(SignatureResult.SignatureMismatch, LinearRequests.SourceAt(SentAt).Verify(tampered, LinearRequests.Secret));
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatch()
    {
        Assert.Equal(SignatureResult.SignatureMismatch, LinearRequests.SourceAt(SentAt).Verify(LinearRequests.Signed(Body), "another-secret"));
    }

    [Fact]
    public void Verify_MissingSignatureHeader_MissingSignature()
    {
        var request = LinearRequests.With([new("Linear-Delivery", LinearRequests.DeliveryId)], Body);

        Assert.Equal(SignatureResult.MissingSignature, LinearRequests.SourceAt(SentAt).Verify(request, LinearRequests.Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_MissingSecret_MissingSecret(string? secret)
    {
        Assert.Equal(SignatureResult.MissingSecret, LinearRequests.SourceAt(SentAt).Verify(LinearRequests.Signed(Body), secret));
    }

    [Fact]
    public void Verify_SignatureNotHex_MalformedSignature()
    {
        var request = LinearRequests.With([new("Linear-Signature", "not-a-signature")], Body);

        Assert.Equal(SignatureResult.MalformedSignature, LinearRequests.SourceAt(SentAt).Verify(request, LinearRequests.Secret));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(59_999)]
    [InlineData(60_000)]
    [InlineData(-60_000)]
    [InlineData(-5_000)]
    public void Verify_TimestampInsideTheWindow_Valid(int receivedAfterMilliseconds)
    {
        var source = LinearRequests.SourceAt(SentAt.AddMilliseconds(receivedAfterMilliseconds));

        Assert.Equal(SignatureResult.Valid, source.Verify(LinearRequests.Signed(Body), LinearRequests.Secret));
    }

    [Theory]
    [InlineData(60_001)]
    [InlineData(3_600_000)]
    [InlineData(-60_001)]
    public void Verify_TimestampOutsideTheWindow_TimestampOutOfRange(int receivedAfterMilliseconds)
    {
        var source = LinearRequests.SourceAt(SentAt.AddMilliseconds(receivedAfterMilliseconds));

        Assert.Equal(SignatureResult.TimestampOutOfRange, source.Verify(LinearRequests.Signed(Body), LinearRequests.Secret));
    }

    [Fact]
    public void Verify_ClockMovesPastTheWindow_TimestampOutOfRange()
    {
        var time = new ManualTimeProvider(SentAt);
        var source = new LinearSource(time);
        var request = LinearRequests.Signed(Body);
        Assert.Equal(SignatureResult.Valid, source.Verify(request, LinearRequests.Secret));

        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));

        Assert.Equal(SignatureResult.TimestampOutOfRange, source.Verify(request, LinearRequests.Secret));
    }

    [Fact]
    public void Verify_CustomWindow_Honoured()
    {
        var source = new LinearSource(new ManualTimeProvider(SentAt.AddMinutes(4)), TimeSpan.FromMinutes(5));

        Assert.Equal(SignatureResult.Valid, source.Verify(LinearRequests.Signed(Body), LinearRequests.Secret));
    }

    [Fact]
    public void Verify_StaleAndTampered_SignatureMismatchFirst()
    {
        var tampered = LinearRequests.Signed(Body) with { Body = LinearRequests.Fixture("Issue.create.json") };

        var result = LinearRequests.SourceAt(SentAt.AddHours(1)).Verify(tampered, LinearRequests.Secret);

        Assert.Equal(SignatureResult.SignatureMismatch, result);
    }

    [Theory]
    [InlineData("""{"type":"Issue","action":"create","data":{}}""")]
    [InlineData("""{"type":"Issue","action":"create","webhookTimestamp":null}""")]
    [InlineData("""{"type":"Issue","action":"create","webhookTimestamp":"1770111667391"}""")]
    [InlineData("""{"type":"Issue","action":"create","webhookTimestamp":1.5}""")]
    [InlineData("""{"type":"Issue","action":"create","webhookTimestamp":-99999999999999999}""")]
    public void Verify_SignedObjectWithoutAUsableTimestamp_TimestampOutOfRange(string body)
    {
        var result = LinearRequests.SourceAt(SentAt).Verify(LinearRequests.Signed(body), LinearRequests.Secret);

        Assert.Equal(SignatureResult.TimestampOutOfRange, result);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    public void Verify_SignedBodyThatIsNotAnObject_ValidThenNormalizeMalformed(string body)
    {
        var source = LinearRequests.SourceAt(SentAt);
        var request = LinearRequests.Signed(body);

        Assert.Equal(SignatureResult.Valid, source.Verify(request, LinearRequests.Secret));
        Assert.IsType<NormalizeResult.Malformed>(source.Normalize(request, LinearRequests.DeliveryId, ReceivedAt));
    }

    [Fact]
    public void Verify_UnsignedBodyThatIsNotJson_MissingSignature()
    {
        var request = LinearRequests.With([], Encoding.UTF8.GetBytes("not json"));

        Assert.Equal(SignatureResult.MissingSignature, LinearRequests.SourceAt(SentAt).Verify(request, LinearRequests.Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void DeliveryId_MissingHeader_Null(string? value)
    {
        var headers = value is null ? [] : new List<KeyValuePair<string, string>> { new("Linear-Delivery", value) };

        Assert.Null(LinearRequests.SourceAt(SentAt).DeliveryId(LinearRequests.With(headers, Body)));
    }

    [Fact]
    public void DeliveryId_HeaderWithSpaces_Trimmed()
    {
        var request = LinearRequests.With([new("Linear-Delivery", $" {LinearRequests.DeliveryId} ")], Body);

        Assert.Equal(LinearRequests.DeliveryId, LinearRequests.SourceAt(SentAt).DeliveryId(request));
    }

    [Theory]
    [InlineData("""{"action":"create","data":{}}""")]
    [InlineData("""{"type":"Issue","data":{}}""")]
    [InlineData("""{"type":"","action":"create"}""")]
    public void Normalize_NoTypeOrAction_Malformed(string body)
    {
        var result = LinearRequests.SourceAt(SentAt).Normalize(LinearRequests.Signed(body), LinearRequests.DeliveryId, ReceivedAt);

        Assert.IsType<NormalizeResult.Malformed>(result);
    }

    [Fact]
    public void Normalize_NoTimes_OccurredAtIsReceivedAt()
    {
        var request = LinearRequests.Signed("""{"type":"Reaction","action":"create","data":{"id":"r1","emoji":"+1"}}""");

        var result = LinearRequests.SourceAt(SentAt).Normalize(request, LinearRequests.DeliveryId, ReceivedAt);

        var actual = Assert.IsType<NormalizeResult.Normalized>(result).Event;
        Assert.Equal(ReceivedAt, actual.OccurredAt);
        Assert.Equal("linear.Reaction.create", actual.Kind);
        Assert.Equal("linear_reaction", actual.Subject.Type);
        Assert.Equal("r1", actual.Subject.Id);
    }

    [Fact]
    public void Normalize_ActorWithOnlyAnEmail_ActorIsTheEmail()
    {
        var request = LinearRequests.Signed("""{"type":"Issue","action":"create","actor":{"email":"ops@acme.example"},"data":{"id":"i1"}}""");

        var result = LinearRequests.SourceAt(SentAt).Normalize(request, LinearRequests.DeliveryId, ReceivedAt);

        Assert.Equal("ops@acme.example", Assert.IsType<NormalizeResult.Normalized>(result).Event.Actor);
    }

    [Fact]
    public void Normalize_IssueUpdate_TeamReachableThroughThePayload()
    {
        var result = LinearRequests.SourceAt(SentAt).Normalize(LinearRequests.Signed(Body), LinearRequests.DeliveryId, ReceivedAt);

        var payload = Assert.IsType<NormalizeResult.Normalized>(result).Event.Payload;
        Assert.Equal("ENG", payload.GetProperty("data").GetProperty("team").GetProperty("key").GetString());
    }
}
