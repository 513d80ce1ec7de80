using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.GitHub;

namespace Automations.Core.Tests.Sources.GitHub;

public sealed class GitHubSignatureTests
{
    // GitHub's published test vector.
    private const string Secret = "It's a Secret to Everybody";
    private const string Header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void Sign_KnownVector_PublishedHeaderValue()
    {
        Assert.Equal(Header, GitHubSignature.Sign(Secret, Body));
    }

    [Fact]
    public void Verify_KnownVector_Valid()
    {
        Assert.Equal(SignatureResult.Valid, GitHubSignature.Verify(Secret, Body, Header));
    }

    [Fact]
    public void Verify_SignedBySign_Valid()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"opened"}""");

        Assert.Equal(SignatureResult.Valid, GitHubSignature.Verify("s3cret", body, GitHubSignature.Sign("s3cret", body)));
    }

    [Fact]
    public void Verify_TamperedBody_SignatureMismatch()
    {
        var tampered = Encoding.UTF8.GetBytes("Hello, World!\n");

        Assert.Equal(SignatureResult.SignatureMismatch, GitHubSignature.Verify(Secret, tampered, Header));
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatch()
    {
        Assert.Equal(SignatureResult.SignatureMismatch, GitHubSignature.Verify("It's a Secret to Nobody", Body, Header));
    }

    [Theory]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1g")]
    [InlineData("sha256= 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void Verify_MalformedHeader_MalformedSignature(string header)
    {
        Assert.Equal(SignatureResult.MalformedSignature, GitHubSignature.Verify(Secret, Body, header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Verify_MissingHeader_MissingSignature(string? header)
    {
        Assert.Equal(SignatureResult.MissingSignature, GitHubSignature.Verify(Secret, Body, header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_MissingSecret_MissingSecret(string? secret)
    {
        Assert.Equal(SignatureResult.MissingSecret, GitHubSignature.Verify(secret, Body, Header));
    }

    [Fact]
    public void Verify_MissingSecretAndHeader_MissingSecret()
    {
        Assert.Equal(SignatureResult.MissingSecret, GitHubSignature.Verify(null, Body, null));
    }
}
