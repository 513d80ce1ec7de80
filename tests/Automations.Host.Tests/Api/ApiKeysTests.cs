using Automations.Host.Api;
using Automations.Testing;

namespace Automations.Host.Tests.Api;

public sealed class ApiKeysTests
{
    [Fact]
    public void Identify_TellsOperatorFromReadOnly_AndRefusesAnythingElse()
    {
        using var folder = new TempDirectory("keys");
        var keys = ApiKeys.Load(["op-key"], ["ro-key"], folder.Combine("api-key"), TextWriter.Null);

        Assert.Equal(ApiRole.Operator, keys.FromAuthorization("Bearer op-key")?.Role);
        Assert.Equal(ApiRole.ReadOnly, keys.FromAuthorization("bearer ro-key")?.Role);
        Assert.Null(keys.FromAuthorization("Bearer op-ke"));
        Assert.Null(keys.FromAuthorization("Basic op-key"));
        Assert.Null(keys.Identify(string.Empty));
    }

    [Fact]
    public void KeyId_NamesTheKeyWithoutShowingIt_AndFindsItWhileConfigured()
    {
        using var folder = new TempDirectory("keys");
        var keys = ApiKeys.Load(["op-key-1234567890"], [], folder.Combine("api-key"), TextWriter.Null);
        var caller = keys.Identify("op-key-1234567890")!;

        Assert.DoesNotContain("op-key", caller.KeyId, StringComparison.Ordinal);
        Assert.Equal(caller, keys.Find(caller.KeyId));
        var other = ApiKeys.Load(["another-key"], [], folder.Combine("api-key"), TextWriter.Null);
        Assert.Null(other.Find(caller.KeyId));
    }

    [Fact]
    public void Load_WithOnlyReadOnlyKeys_StillGeneratesAnOperatorKey()
    {
        using var folder = new TempDirectory("keys");
        var announced = new StringWriter();

        var keys = ApiKeys.Load([], ["ro-key"], folder.Combine("api-key"), announced);

        var generated = File.ReadAllText(folder.Combine("api-key"));
        Assert.Equal(ApiRole.Operator, keys.Identify(generated)?.Role);
        Assert.Equal(ApiRole.ReadOnly, keys.Identify("ro-key")?.Role);
        Assert.Contains(generated, announced.ToString(), StringComparison.Ordinal);
    }
}
