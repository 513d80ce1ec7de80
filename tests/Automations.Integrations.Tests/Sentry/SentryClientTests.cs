using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Integrations.Http;
using Automations.Integrations.Sentry;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.Sentry;

public sealed class SentryClientTests : IAsyncLifetime
{
    private const string Token = "sntrys_testToken";
    private FakeSentry _sentry = null!;
    private ServiceProvider _services = null!;

    private SentryClient Client => _services.GetRequiredService<SentryClient>();

    public async Task InitializeAsync()
    {
        _sentry = await FakeSentry.StartAsync(Token);
        _sentry.AddIssue(Issue(), LatestEvent());
        _services = Integrations.Build(new Dictionary<string, string?> { ["Automations:Sentry:ApiUrl"] = _sentry.ApiUrl.ToString(), ["Automations:Sentry:Token"] = Token });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sentry.DisposeAsync();
    }

    [Fact]
    public async Task GetIssueAsync_Known_HasTitleCulpritLevelAndProject()
    {
        var result = await Client.GetIssueAsync("4711", CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(("WEB-1A", "ZeroDivisionError: division by zero", "app.views in divide", "error", "web", 3), (result.Value.ShortId, result.Value.Title, result.Value.Culprit, result.Value.Level, result.Value.Project?.Slug, result.Value.UserCount));
        var request = Assert.Single(_sentry.Requests);
        Assert.Equal(("/api/0/issues/4711/", $"Bearer {Token}"), (request.Path, request.Header("Authorization")));
    }

    [Fact]
    public async Task GetLatestEventAsync_WithException_RendersTheStackTraceForAPrompt()
    {
        var result = await Client.GetLatestEventAsync("4711", CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("/api/0/issues/4711/events/latest/", _sentry.Requests[0].Path);
        Assert.Equal(
            """
            Traceback (most recent call last):
              django/core/handlers/base.py:181 in _get_response [library]
              app/views.py:42 in checkout
                  total = divide(amount, count)
              app/views.py:17 in divide
                  return a / b
            ZeroDivisionError: division by zero
            """,
            SentryStackTraceText.Render(result.Value));
    }

    [Fact]
    public void Render_ManyFrames_KeepsTheOnesNearestTheError()
    {
        var frames = new JsonArray(Enumerable.Range(1, 50).Select(i => (JsonNode)new JsonObject { ["filename"] = $"f{i}.py", ["function"] = $"fn{i}", ["lineNo"] = i, ["inApp"] = true }).ToArray());
        var sentryEvent = LatestEvent(frames).Deserialize<SentryEvent>(IntegrationJson.CamelCase)!;

        var text = SentryStackTraceText.Render(sentryEvent, maxFrames: 5);

        Assert.Contains("  … 45 earlier frames not shown", text, StringComparison.Ordinal);
        Assert.DoesNotContain("f45.py", text, StringComparison.Ordinal);
        Assert.Contains("  f50.py:50 in fn50", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIssueAsync_Unknown_FailsWithSentrysDetail()
    {
        var result = await Client.GetIssueAsync("1", CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, HttpStatusCode.NotFound, "The requested resource does not exist"), (result.Error!.Kind, result.Error.Status, result.Error.Message));
    }

    [Fact]
    public async Task GetLatestEventAsync_ServerErrorsThenAnswer_Succeeds()
    {
        _sentry.FailNext(2, FakeFailure.ServerError("""{"detail":"Internal Error"}"""));

        var result = await Client.GetLatestEventAsync("4711", CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(3, _sentry.Requests.Count);
    }

    private static JsonObject Issue() => new()
    {
        ["id"] = "4711", ["shortId"] = "WEB-1A", ["title"] = "ZeroDivisionError: division by zero", ["culprit"] = "app.views in divide",
        ["permalink"] = "https://sentry.example/organizations/acme/issues/4711/", ["level"] = "error", ["status"] = "unresolved", ["platform"] = "python",
        ["count"] = "12", ["userCount"] = 3, ["firstSeen"] = "2026-01-05T08:00:00.000000Z", ["lastSeen"] = "2026-01-05T08:59:00.000000Z",
        ["project"] = new JsonObject { ["id"] = "2", ["slug"] = "web", ["name"] = "Web" }, ["unknownField"] = new JsonObject { ["kept"] = false },
    };

    private static JsonObject LatestEvent(JsonArray? frames = null) => new()
    {
        ["id"] = "e1", ["eventID"] = "9fac2ceed9344f2bbfdd1fdacb0ed9b1", ["title"] = "ZeroDivisionError: division by zero", ["platform"] = "python",
        ["dateCreated"] = "2026-01-05T08:59:00Z",
        ["entries"] = new JsonArray(
            new JsonObject { ["type"] = "breadcrumbs", ["data"] = new JsonObject { ["values"] = new JsonArray() } },
            new JsonObject
            {
                ["type"] = "exception",
                ["data"] = new JsonObject
                {
                    ["values"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "ZeroDivisionError", ["value"] = "division by zero", ["module"] = null,
                        ["stacktrace"] = new JsonObject
                        {
                            ["frames"] = frames ?? new JsonArray(
                                new JsonObject { ["filename"] = "django/core/handlers/base.py", ["function"] = "_get_response", ["lineNo"] = 181, ["inApp"] = false, ["context"] = new JsonArray(new JsonArray(181, "response = wrapped_callback(request)")) },
                                new JsonObject { ["filename"] = "app/views.py", ["absPath"] = "/srv/app/views.py", ["function"] = "checkout", ["lineNo"] = 42, ["colNo"] = null, ["inApp"] = true, ["context"] = new JsonArray(new JsonArray(41, "    count = 0"), new JsonArray(42, "    total = divide(amount, count)")) },
                                new JsonObject { ["filename"] = "app/views.py", ["function"] = "divide", ["lineNo"] = 17, ["inApp"] = true, ["context"] = new JsonArray(new JsonArray(17, "    return a / b")) }),
                        },
                    }),
                },
            }),
    };
}
