using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.Slack;

namespace Automations.Core.Tests.Sources.Slack;

public sealed class SlackSignatureTests
{
    // Slack's published test vector (a slash command's form body).
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Header = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
        + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
        + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);
    private static readonly TimeSpan Window = SlackSignature.DefaultWindow;

    [Fact]
    public void Sign_KnownVector_PublishedHeaderValue()
    {
        Assert.Equal(Header, SlackSignature.Sign(Secret, Timestamp, Body));
    }

    [Fact]
    public void Verify_KnownVector_Valid()
    {
        Assert.Equal(SignatureResult.Valid, SlackSignature.Verify(Secret, Body, Timestamp, Header, SentAt, Window));
    }

    [Fact]
    public void Verify_UppercaseHexAndSurroundingSpace_Valid()
    {
        var header = " v0=" + Header[3..].ToUpperInvariant() + " ";

        Assert.Equal(SignatureResult.Valid, SlackSignature.Verify(Secret, Body, " " + Timestamp, header, SentAt, Window));
    }

    [Fact]
    public void Verify_TamperedBody_SignatureMismatch()
    {
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("roadrunner", "coyote", StringComparison.Ordinal));

        Assert.Equal(SignatureResult.SignatureMismatch, SlackSignature.Verify(Secret, tampered, Timestamp, Header, SentAt, Window));
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatch()
    {
        Assert.Equal(SignatureResult.SignatureMismatch, SlackSignature.Verify("8f742231b10e8888abcd99yyyzzz85a6", Body, Timestamp, Header, SentAt, Window));
    }

    [Fact]
    public void Verify_TimestampChangedToAFreshOne_SignatureMismatch()
    {
        // A replay with a fresh timestamp header fails: the timestamp is part of what is signed.
        var now = SentAt.AddHours(1);

        Assert.Equal(SignatureResult.SignatureMismatch, SlackSignature.Verify(Secret, Body, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Header, now, Window));
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(0)]
    [InlineData(300)]
    public void Verify_TimestampWithinWindow_Valid(int secondsFromSending)
    {
        Assert.Equal(SignatureResult.Valid, SlackSignature.Verify(Secret, Body, Timestamp, Header, SentAt.AddSeconds(secondsFromSending), Window));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(86_400)]
    public void Verify_StaleTimestamp_TimestampOutOfRange(int secondsSinceSending)
    {
        Assert.Equal(SignatureResult.TimestampOutOfRange, SlackSignature.Verify(Secret, Body, Timestamp, Header, SentAt.AddSeconds(secondsSinceSending), Window));
    }

    [Fact]
    public void Verify_FutureTimestamp_TimestampOutOfRange()
    {
        Assert.Equal(SignatureResult.TimestampOutOfRange, SlackSignature.Verify(Secret, Body, Timestamp, Header, SentAt.AddSeconds(-301), Window));
    }

    [Fact]
    public void Verify_StaleTimestampAndWrongSignature_SignatureMismatch()
    {
        // The window is checked only once the signature is valid.
        Assert.Equal(SignatureResult.SignatureMismatch, SlackSignature.Verify("wrong", Body, Timestamp, Header, SentAt.AddDays(1), Window));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1531420618")]
    [InlineData("+1531420618")]
    [InlineData("1531420618.5")]
    [InlineData("1 531 420 618")]
    [InlineData("99999999999999999999999")]
    public void Verify_MalformedTimestamp_MalformedSignature(string timestamp)
    {
        Assert.Equal(SignatureResult.MalformedSignature, SlackSignature.Verify(Secret, Body, timestamp, Header, SentAt, Window));
    }

    [Theory]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50z")]
    public void Verify_MalformedHeader_MalformedSignature(string header)
    {
        Assert.Equal(SignatureResult.MalformedSignature, SlackSignature.Verify(Secret, Body, Timestamp, header, SentAt, Window));
    }

    [Theory]
    [InlineData(null, Header)]
    [InlineData(" ", Header)]
    [InlineData(Timestamp, null)]
    [InlineData(Timestamp, "")]
    public void Verify_MissingHeader_MissingSignature(string? timestamp, string? header)
    {
        Assert.Equal(SignatureResult.MissingSignature, SlackSignature.Verify(Secret, Body, timestamp, header, SentAt, Window));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_MissingSecret_MissingSecret(string? secret)
    {
        Assert.Equal(SignatureResult.MissingSecret, SlackSignature.Verify(secret, Body, Timestamp, Header, SentAt, Window));
    }
}
