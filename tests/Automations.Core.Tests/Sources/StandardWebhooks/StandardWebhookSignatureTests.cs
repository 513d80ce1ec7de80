using System.Security.Cryptography;
using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.StandardWebhooks;

namespace Automations.Core.Tests.Sources.StandardWebhooks;

public sealed class StandardWebhookSignatureTests
{
    // The Standard Webhooks specification's test vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Entry = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void Sign_KnownVector_PublishedEntry()
    {
        Assert.Equal(Entry, StandardWebhookSignature.Sign(Secret, Id, 1614265330, Body));
    }

    [Fact]
    public void Verify_KnownVector_Valid()
    {
        Assert.Equal(SignatureResult.Valid, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Entry, Body, SentAt));
    }

    [Fact]
    public void Verify_TamperedBody_SignatureMismatch()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"test": 2432232315}""");

        Assert.Equal(SignatureResult.SignatureMismatch, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Entry, tampered, SentAt));
    }

    [Fact]
    public void Verify_TamperedId_SignatureMismatch()
    {
        Assert.Equal(SignatureResult.SignatureMismatch, StandardWebhookSignature.Verify(Secret, Id + "x", Timestamp, Entry, Body, SentAt));
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatch()
    {
        Assert.Equal(SignatureResult.SignatureMismatch, StandardWebhookSignature.Verify("whsec_" + Convert.ToBase64String(new byte[24]), Id, Timestamp, Entry, Body, SentAt));
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Verify_TimestampAtTheToleranceEdge_Valid(int secondsFromSending)
    {
        Assert.Equal(SignatureResult.Valid, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Entry, Body, SentAt.AddSeconds(secondsFromSending)));
    }

    [Fact]
    public void Verify_StaleTimestamp_TimestampOutOfRange()
    {
        Assert.Equal(SignatureResult.TimestampOutOfRange, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Entry, Body, SentAt.AddSeconds(301)));
    }

    [Fact]
    public void Verify_FutureTimestamp_TimestampOutOfRange()
    {
        Assert.Equal(SignatureResult.TimestampOutOfRange, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Entry, Body, SentAt.AddSeconds(-301)));
    }

    [Fact]
    public void Verify_CustomTolerance_IsTheLimit()
    {
        var now = SentAt.AddSeconds(11);

        Assert.Equal(SignatureResult.TimestampOutOfRange, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Entry, Body, now, TimeSpan.FromSeconds(10)));
        Assert.Equal(SignatureResult.Valid, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Entry, Body, now, TimeSpan.FromSeconds(11)));
    }

    [Fact]
    public void Verify_StaleTimestampAndWrongSignature_SignatureMismatch()
    {
        // The tolerance is checked only once the signature is valid.
        Assert.Equal(SignatureResult.SignatureMismatch, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Entry, Encoding.UTF8.GetBytes("{}"), SentAt.AddDays(1)));
    }

    [Theory]
    [InlineData("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + Entry)]
    [InlineData(Entry + " v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= " + Entry)]
    [InlineData("v1a,whatever  v1,not-base64 " + Entry + " ")]
    public void Verify_SeveralEntriesOneValid_Valid(string header)
    {
        Assert.Equal(SignatureResult.Valid, StandardWebhookSignature.Verify(Secret, Id, Timestamp, header, Body, SentAt));
    }

    [Fact]
    public void Verify_SeveralV1EntriesNoneValid_SignatureMismatch()
    {
        const string header = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";

        Assert.Equal(SignatureResult.SignatureMismatch, StandardWebhookSignature.Verify(Secret, Id, Timestamp, header, Body, SentAt));
    }

    [Theory]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1,")]
    [InlineData("v1,g0hM9SsE+OTPJTGt")]
    [InlineData("v1,***")]
    [InlineData("V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void Verify_NoWellFormedV1Entry_MalformedSignature(string header)
    {
        Assert.Equal(SignatureResult.MalformedSignature, StandardWebhookSignature.Verify(Secret, Id, Timestamp, header, Body, SentAt));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1614265330")]
    [InlineData("1614265330.0")]
    [InlineData("2021-02-25T15:02:10Z")]
    public void Verify_MalformedTimestamp_MalformedSignature(string timestamp)
    {
        Assert.Equal(SignatureResult.MalformedSignature, StandardWebhookSignature.Verify(Secret, Id, timestamp, Entry, Body, SentAt));
    }

    [Theory]
    [InlineData(null, Timestamp, Entry)]
    [InlineData(Id, null, Entry)]
    [InlineData(Id, Timestamp, null)]
    [InlineData(" ", Timestamp, Entry)]
    [InlineData(Id, "", Entry)]
    [InlineData(Id, Timestamp, "  ")]
    public void Verify_MissingHeader_MissingSignature(string? id, string? timestamp, string? signature)
    {
        Assert.Equal(SignatureResult.MissingSignature, StandardWebhookSignature.Verify(Secret, id, timestamp, signature, Body, SentAt));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    public void Verify_MissingOrUndecodableSecret_MissingSecret(string? secret)
    {
        Assert.Equal(SignatureResult.MissingSecret, StandardWebhookSignature.Verify(secret, Id, Timestamp, Entry, Body, SentAt));
    }

    [Fact]
    public void Sign_SecretWithoutPrefix_KeyIsItsUtf8Bytes()
    {
        const string plain = "a-shared-deploy-secret";
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(plain), Encoding.UTF8.GetBytes(Id + "." + Timestamp + "." + """{"test": 2432232314}""")));

        var entry = StandardWebhookSignature.Sign(plain, Id, 1614265330, Body);

        Assert.Equal(expected, entry);
        Assert.Equal(SignatureResult.Valid, StandardWebhookSignature.Verify(plain, Id, Timestamp, entry, Body, SentAt));
    }

    [Fact]
    public void Verify_SameKeyWithAndWithoutPrefix_BothValid()
    {
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var entry = StandardWebhookSignature.Sign(Secret, Id, 1614265330, Body);

        Assert.Equal(SignatureResult.Valid, StandardWebhookSignature.Verify("whsec_" + Convert.ToBase64String(key), Id, Timestamp, entry, Body, SentAt));
        Assert.Equal(SignatureResult.SignatureMismatch, StandardWebhookSignature.Verify(Secret["whsec_".Length..], Id, Timestamp, entry, Body, SentAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_%%%")]
    public void Sign_UnusableSecret_Throws(string secret)
    {
        Assert.ThrowsAny<ArgumentException>(() => StandardWebhookSignature.Sign(secret, Id, 1614265330, Body));
    }
}
