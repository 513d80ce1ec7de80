using System.Text;
using Automations.Core.Sources;

namespace Automations.Core.Tests.Sources;

public sealed class HmacSignatureTests
{
    // The GitHub vector without its "sha256=" prefix: Sentry and Linear sign the same way, bare.
    private const string Secret = "It's a Secret to Everybody";
    private const string Hex = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void ComputeHex_KnownVector_LowercaseHex()
    {
        Assert.Equal(Hex, HmacSignature.ComputeHex(Secret, Body));
    }

    [Theory]
    [InlineData(Hex)]
    [InlineData("757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17")]
    [InlineData(" " + Hex + " ")]
    public void VerifyHex_KnownVector_Valid(string signature)
    {
        Assert.Equal(SignatureResult.Valid, HmacSignature.VerifyHex(Secret, Body, signature));
    }

    [Fact]
    public void VerifyHex_TamperedBody_SignatureMismatch()
    {
        var tampered = Encoding.UTF8.GetBytes("Hello, World?");

        Assert.Equal(SignatureResult.SignatureMismatch, HmacSignature.VerifyHex(Secret, tampered, Hex));
    }

    [Theory]
    [InlineData("757107ea")]
    [InlineData(Hex + "00")]
    [InlineData("zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    public void VerifyHex_NotSixtyFourHexDigits_MalformedSignature(string signature)
    {
        Assert.Equal(SignatureResult.MalformedSignature, HmacSignature.VerifyHex(Secret, Body, signature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void VerifyHex_NoSignature_MissingSignature(string? signature)
    {
        Assert.Equal(SignatureResult.MissingSignature, HmacSignature.VerifyHex(Secret, Body, signature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void VerifyHex_NoSecret_MissingSecret(string? secret)
    {
        Assert.Equal(SignatureResult.MissingSecret, HmacSignature.VerifyHex(secret, Body, Hex));
    }

    [Fact]
    public void ComputeHex_EmptySecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => HmacSignature.ComputeHex(string.Empty, Body));
    }
}
