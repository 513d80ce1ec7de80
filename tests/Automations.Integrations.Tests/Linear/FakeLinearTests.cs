using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Automations.Testing.Fakes;

namespace Automations.Integrations.Tests.Linear;

/// <summary>The fake Linear checks an operation against Linear's schema before it answers, as Linear does, and answers only what was asked.</summary>
public sealed class FakeLinearTests : IAsyncLifetime
{
    private const string ApiKey = "lin_api_fakeTests";
    private readonly HttpClient _http = new();
    private FakeLinear _linear = null!;

    public async Task InitializeAsync() => _linear = await FakeLinear.StartAsync(ApiKey);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _linear.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Answer)> PostAsync(string query, JsonObject variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _linear.ApiUrl) { Content = JsonContent.Create(new JsonObject { ["query"] = query, ["variables"] = variables }) };
        request.Headers.TryAddWithoutValidation("Authorization", ApiKey);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Theory]
    [InlineData("query Q($id: String!) { issue(id: $id) { id identifer } }", "Cannot query field \"identifer\" on type \"Issue\".")]
    [InlineData("query Q($id: String!) { issue(id: $id) { id state } }", "Field \"state\" of type \"WorkflowState!\" must have a selection of subfields. Did you mean \"state { ... }\"?")]
    [InlineData("query Q($id: String!) { issue(id: $id) { comments(frist: 5) { nodes { id } } } }", "Unknown argument \"frist\" on field \"Issue.comments\".")]
    [InlineData("query Q { issue(id: $id) { id } }", "Variable \"$id\" is not defined by operation \"Q\".")]
    [InlineData("query Q { issue { id } }", "Field \"Query.issue\" argument \"id\" is required, but it was not provided.")]
    [InlineData("query Q($id: String!) { issue(id: $id) { id title { text } } }", "Field \"title\" must not have a selection since type \"String!\" has no subfields.")]
    public async Task Query_NotValidAgainstLinearsSchema_Is400WithTheValidationError(string query, string error)
    {
        _linear.AddIssue("ENG-1", "x");

        var (status, answer) = await PostAsync(query, new JsonObject { ["id"] = "ENG-1" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, (string?)answer["errors"]![0]!["message"]);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (string?)answer["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task Query_Valid_AnswersExactlyTheFieldsAskedFor_UnderTheirAliases()
    {
        _linear.AddIssue("ENG-1", "Checkout fails");

        var (status, answer) = await PostAsync("query Q($id: String!) { issue(id: $id) { key: identifier state { name } } }", new JsonObject { ["id"] = "ENG-1" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"data":{"issue":{"key":"ENG-1","state":{"name":"Todo"}}}}""", answer.ToJsonString());
    }

    [Fact]
    public async Task Query_NotGraphQl_Is400WithTheSyntaxError()
    {
        var (status, answer) = await PostAsync("query Q($id: String!) { issue(id: $id) { id }", []);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Syntax Error", (string?)answer["errors"]![0]!["message"], StringComparison.Ordinal);
    }
}
