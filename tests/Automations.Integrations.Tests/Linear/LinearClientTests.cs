using Automations.Integrations.Http;
using Automations.Integrations.Linear;
using Automations.Testing;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.Linear;

public sealed class LinearClientTests : IAsyncLifetime
{
    private const string ApiKey = "lin_api_testKey123";
    private readonly ManualTimeProvider _time = new();
    private FakeLinear _linear = null!;
    private ServiceProvider _services = null!;

    private LinearClient Client => _services.GetRequiredService<LinearClient>();

    public async Task InitializeAsync()
    {
        _linear = await FakeLinear.StartAsync(ApiKey);
        _services = Integrations.Build(new Dictionary<string, string?> { ["Automations:Linear:ApiUrl"] = _linear.ApiUrl.ToString(), ["Automations:Linear:ApiKey"] = ApiKey }, _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _linear.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetIssueAsync_ByIdOrIdentifier_FindsTheIssue(bool byIdentifier)
    {
        var id = _linear.AddIssue("ENG-123", "Checkout fails");

        var result = await Client.GetIssueAsync(byIdentifier ? "ENG-123" : id, CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal((id, "ENG-123", "Checkout fails", "ENG", "Todo"), (result.Value.Id, result.Value.Identifier, result.Value.Title, result.Value.Team?.Key, result.Value.State?.Name));
        var request = Assert.Single(_linear.Requests);
        Assert.Equal(ApiKey, request.Header("Authorization"));
        Assert.Equal("/graphql", request.Path);
    }

    [Fact]
    public async Task GetIssueAsync_Unknown_FailsWithLinearsMessage()
    {
        var result = await Client.GetIssueAsync("ENG-999", CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, "Entity not found: Issue"), (result.Error!.Kind, result.Error.Message));
    }

    [Fact]
    public async Task CreateCommentAsync_AnswerWithoutTheCommentsBody_FailsInvalidResponseNamingIt()
    {
        var id = _linear.AddIssue("ENG-1", "x");
        _linear.FailNext(1, new FakeFailure(200, new Dictionary<string, string>(), """{"data":{"commentCreate":{"success":true,"comment":{"id":"c1","url":null}}}}"""));

        var result = await Client.CreateCommentAsync(id, "hello", CancellationToken.None);

        Assert.Equal((ProviderErrorKind.InvalidResponse, "answered without body, which LinearComment always has"), (result.Error!.Kind, result.Error.Message));
        Assert.Single(_linear.Requests);
    }

    [Fact]
    public async Task CreateCommentAsync_OnAnIssue_IsStoredWithItsBody()
    {
        var id = _linear.AddIssue("ENG-1", "x");

        var result = await Client.CreateCommentAsync(id, "Opened https://github.example/acme/web/pull/7", CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("Opened https://github.example/acme/web/pull/7", result.Value.Body);
        Assert.Equal(result.Value.Id, (string?)Assert.Single(_linear.Comments(id))["id"]);
        Assert.Contains("commentCreate(input: $input)", _linear.Requests[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCommentsAsync_EveryPage_InOrder()
    {
        var id = _linear.AddIssue("ENG-2", "x");
        foreach (var n in Enumerable.Range(1, 5))
        {
            _linear.AddComment(id, $"comment {n}");
        }

        _linear.MaxPageSize = 2;

        var result = await Client.ListCommentsAsync("ENG-2", CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["comment 1", "comment 2", "comment 3", "comment 4", "comment 5"], result.Value.Select(c => c.Body));
        Assert.Equal(3, _linear.Requests.Count);
        Assert.All(_linear.Requests, r => Assert.Contains("comments(first: $first, after: $after)", r.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListCommentsAsync_UnknownIssue_FailsWithLinearsMessage()
    {
        var result = await Client.ListCommentsAsync("ENG-404", CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, "Entity not found: Issue"), (result.Error!.Kind, result.Error.Message));
    }

    [Fact]
    public async Task CreateCommentAsync_UnknownIssue_FailsWithLinearsMessage()
    {
        var result = await Client.CreateCommentAsync("00000000-0000-0000-0000-000000000000", "x", CancellationToken.None);

        Assert.Equal("Entity not found: Issue - Could not find referenced Issue.", result.Error!.Message);
    }

    [Fact]
    public async Task CreateCommentAsync_RateLimited_WaitsUntilTheResetAndCommentsOnce()
    {
        var id = _linear.AddIssue("ENG-1", "x");
        _linear.FailNext(1, FakeLinear.RateLimited(_time.GetUtcNow().AddSeconds(15)));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.CreateCommentAsync(id, "once", CancellationToken.None));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([TimeSpan.FromSeconds(15)], waits);
        Assert.Single(_linear.Comments(id));
    }

    [Fact]
    public async Task GetIssueAsync_WrongKey_FailsWithTheAuthenticationMessage()
    {
        await using var services = Integrations.Build(new Dictionary<string, string?> { ["Automations:Linear:ApiUrl"] = _linear.ApiUrl.ToString(), ["Automations:Linear:ApiKey"] = "lin_api_wrong" });

        var result = await services.GetRequiredService<LinearClient>().GetIssueAsync("ENG-1", CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, "Authentication required, not authenticated"), (result.Error!.Kind, result.Error.Message));
        Assert.Single(_linear.Requests);
    }
}
