using System.Text.Json;
using Automations.Core.Sources;
using Automations.Core.Sources.Slack;
using Automations.Testing;

namespace Automations.Core.Tests.Sources.Slack;

public sealed class SlackSourceTests
{
    private const string DeliveryId = "Ev0TESTDELIVERY";

    private readonly ManualTimeProvider _clock = new(SlackRequests.Now);
    private readonly SlackSource _source;

    public SlackSourceTests() => _source = new SlackSource(_clock);

    [Fact]
    public void Name_Always_Slack()
    {
        Assert.Equal("slack", _source.Name);
    }

    [Fact]
    public void Verify_SignedJustNow_Valid()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("event_callback.app_mention.json"));

        Assert.Equal(SignatureResult.Valid, _source.Verify(request, SlackRequests.Secret));
    }

    [Fact]
    public void Verify_ClockPastTheDefaultWindow_TimestampOutOfRange()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("event_callback.app_mention.json"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(SignatureResult.Valid, _source.Verify(request, SlackRequests.Secret));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(SignatureResult.TimestampOutOfRange, _source.Verify(request, SlackRequests.Secret));
    }

    [Fact]
    public void Verify_SentFromTheFuture_TimestampOutOfRange()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("event_callback.app_mention.json"), SlackRequests.Now.AddMinutes(6));

        Assert.Equal(SignatureResult.TimestampOutOfRange, _source.Verify(request, SlackRequests.Secret));
    }

    [Fact]
    public void Verify_CustomWindow_IsTheLimit()
    {
        var source = new SlackSource(_clock, TimeSpan.FromSeconds(30));
        var request = SlackRequests.Signed(SlackRequests.Fixture("event_callback.app_mention.json"), SlackRequests.Now.AddSeconds(-31));

        Assert.Equal(SignatureResult.TimestampOutOfRange, source.Verify(request, SlackRequests.Secret));
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatch()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("event_callback.app_mention.json"));

        Assert.Equal(SignatureResult.SignatureMismatch, _source.Verify(request, "another-secret"));
    }

    [Fact]
    public void Verify_NoSecretConfigured_MissingSecret()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("event_callback.app_mention.json"));

        Assert.Equal(SignatureResult.MissingSecret, _source.Verify(request, null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_WindowNotPositive_Throws(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlackSource(_clock, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Normalize_UrlVerification_ChallengeWithTheChallengeText()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("url_verification.json"));

        var result = _source.Normalize(request, _source.DeliveryId(request)!, SlackRequests.Now);

        Assert.Equal(new NormalizeResult.Challenge("q9Zt4XbW2kLm7RfA0sVe3YhN8cUo5JdPi6GwTn1EyKr"), result);
    }

    [Fact]
    public void DeliveryId_UrlVerification_PrefixedChallenge()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("url_verification.json"));

        Assert.Equal("url_verification:q9Zt4XbW2kLm7RfA0sVe3YhN8cUo5JdPi6GwTn1EyKr", _source.DeliveryId(request));
    }

    [Fact]
    public void DeliveryId_EventCallback_EventIdFromTheBody()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("event_callback.app_mention.json"));

        Assert.Equal("Ev0AUTOMENTION1", _source.DeliveryId(request));
    }

    [Fact]
    public void DeliveryId_SlackRetryWithNewTimestamp_SameEventId()
    {
        var body = SlackRequests.Fixture("event_callback.app_mention.json");
        var first = SlackRequests.Signed(body);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var retry = SlackRequests.Signed(body, _clock.GetUtcNow(), retry: 1);

        Assert.Equal(SignatureResult.Valid, _source.Verify(retry, SlackRequests.Secret));
        Assert.NotEqual(first.Header(SlackHeaders.Signature), retry.Header(SlackHeaders.Signature));
        Assert.Equal(_source.DeliveryId(first), _source.DeliveryId(retry));
    }

    [Fact]
    public void DeliveryId_OtherCallbackType_StableAndNamedByType()
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture("app_rate_limited.json"));

        var id = _source.DeliveryId(request);

        Assert.NotNull(id);
        Assert.StartsWith("app_rate_limited:", id, StringComparison.Ordinal);
        Assert.Equal(id, _source.DeliveryId(SlackRequests.Signed(SlackRequests.Fixture("app_rate_limited.json"), SlackRequests.Now.AddSeconds(5))));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"type":"event_callback"}""")]
    [InlineData("""{"type":"url_verification"}""")]
    public void DeliveryId_NoIdInTheBody_Null(string body)
    {
        Assert.Null(_source.DeliveryId(SlackRequests.Signed(body)));
    }

    [Theory]
    [InlineData("{\"type\":\"event_callback\",")]
    [InlineData("not json at all")]
    [InlineData("")]
    public void Normalize_BodyNotJson_Malformed(string body)
    {
        var result = _source.Normalize(SlackRequests.Signed(body), DeliveryId, SlackRequests.Now);

        Assert.StartsWith("The body is not JSON", Assert.IsType<NormalizeResult.Malformed>(result).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"event_callback\"")]
    [InlineData("{}")]
    [InlineData("""{"type":42}""")]
    [InlineData("""{"type":"url_verification"}""")]
    [InlineData("""{"type":"event_callback","event_id":"Ev1"}""")]
    [InlineData("""{"type":"event_callback","event_id":"Ev1","event":{"text":"hi"}}""")]
    public void Normalize_MissingWhatTheTypeNeeds_Malformed(string body)
    {
        var result = _source.Normalize(SlackRequests.Signed(body), DeliveryId, SlackRequests.Now);

        Assert.IsType<NormalizeResult.Malformed>(result);
    }

    [Fact]
    public void Normalize_OtherCallbackType_IgnoredWithTheType()
    {
        var result = _source.Normalize(SlackRequests.Signed(SlackRequests.Fixture("app_rate_limited.json")), DeliveryId, SlackRequests.Now);

        Assert.Contains("app_rate_limited", Assert.IsType<NormalizeResult.Ignored>(result).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","event_time":"1770289200" """)]
    [InlineData(""","event_time":-5""")]
    [InlineData(""","event_time":99999999999999""")]
    public void Normalize_NoUsableEventTime_OccurredAtIsReceivedAt(string eventTime)
    {
        var body = $$"""{"type":"event_callback","event_id":"Ev1","event":{"type":"message","user":"U1","text":"hi","ts":"1.2"}{{eventTime}}}""";

        var result = _source.Normalize(SlackRequests.Signed(body), DeliveryId, SlackRequests.Now);

        Assert.Equal(SlackRequests.Now, Assert.IsType<NormalizeResult.Normalized>(result).Event.OccurredAt);
    }

    [Fact]
    public void Normalize_LongMultilineText_TitleIsTheFirstLineCutTo200()
    {
        var text = "  " + new string('x', 250) + "\nsecond line";
        var body = JsonSerializer.Serialize(new { type = "event_callback", event_id = "Ev1", @event = new { type = "app_mention", user = "U1", text, ts = "1.2" } });

        var result = _source.Normalize(SlackRequests.Signed(body), DeliveryId, SlackRequests.Now);

        Assert.Equal(new string('x', 200), Assert.IsType<NormalizeResult.Normalized>(result).Event.Subject.Title);
    }

    [Fact]
    public void Normalize_TextCutInsideASurrogatePair_KeepsThePairWhole()
    {
        var text = new string('x', 199) + "\U0001F600" + "tail";
        var body = JsonSerializer.Serialize(new { type = "event_callback", event_id = "Ev1", @event = new { type = "message", user = "U1", text, ts = "1.2" } });

        var result = _source.Normalize(SlackRequests.Signed(body), DeliveryId, SlackRequests.Now);

        Assert.Equal(new string('x', 199), Assert.IsType<NormalizeResult.Normalized>(result).Event.Subject.Title);
    }

    [Fact]
    public void Normalize_MessageWithoutTs_IdIsClientMsgId()
    {
        const string body = """{"type":"event_callback","event_id":"Ev1","event":{"type":"message","user":"U1","text":"hi","client_msg_id":"c-1"}}""";

        var result = _source.Normalize(SlackRequests.Signed(body), DeliveryId, SlackRequests.Now);

        Assert.Equal("c-1", Assert.IsType<NormalizeResult.Normalized>(result).Event.Subject.Id);
    }
}
