using System.Text.Json.Nodes;
using Automations.Integrations.Http;
using Automations.Integrations.Slack;
using Automations.Testing;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.Slack;

public sealed class SlackClientTests : IAsyncLifetime
{
    private const string BotToken = "xoxb-slack-test-token";
    private readonly ManualTimeProvider _time = new();
    private FakeSlack _slack = null!;
    private ServiceProvider _services = null!;

    private SlackClient Client => _services.GetRequiredService<SlackClient>();

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync(BotToken);
        _slack.AddChannel("C0ALERTS", "alerts");
        _services = Integrations.Build(new Dictionary<string, string?> { ["Automations:Slack:ApiUrl"] = _slack.ApiUrl.ToString(), ["Automations:Slack:BotToken"] = BotToken }, _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task PostMessageAsync_ThenReplyInThread_ReplyHasTheThreadTs()
    {
        var parent = await Client.PostMessageAsync(new SlackMessage("#alerts", "Session started"), CancellationToken.None);
        var reply = await Client.PostMessageAsync(new SlackMessage(parent.Value!.Channel, "Pull request opened") { ThreadTs = parent.Value.Ts }, CancellationToken.None);

        Assert.True(parent.Succeeded && reply.Succeeded, $"{parent} {reply}");
        Assert.Equal("C0ALERTS", parent.Value.Channel);
        Assert.Equal(parent.Value.Ts, _slack.Messages[1].ThreadTs);
        var request = _slack.RequestsTo("POST", "/api/chat.postMessage")[1];
        Assert.Equal($"Bearer {BotToken}", request.Header("Authorization"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains($"\"thread_ts\":\"{parent.Value.Ts}\"", request.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryAsync_MessagesWithMetadata_AreReadBackOverEveryPage_AndRepliesFromTheirThread()
    {
        _slack.MaxPageSize = 2;
        var start = TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(5);
        var tagged = new SlackMetadata("automations_action", new JsonObject { ["session"] = "s1", ["key"] = "slack:root" });
        var root = await Client.PostMessageAsync(new SlackMessage("#alerts", "Session started") { Metadata = tagged }, CancellationToken.None);
        foreach (var n in Enumerable.Range(1, 4))
        {
            await Client.PostMessageAsync(new SlackMessage("alerts", $"someone else {n}"), CancellationToken.None);
        }

        await Client.PostMessageAsync(new SlackMessage("C0ALERTS", "*pr_open*") { ThreadTs = root.Value!.Ts, Metadata = tagged with { EventPayload = new JsonObject { ["session"] = "s1", ["key"] = "slack:status:9" } } }, CancellationToken.None);

        var channel = await Client.HistoryAsync("C0ALERTS", null, start, CancellationToken.None);
        var thread = await Client.HistoryAsync("C0ALERTS", root.Value.Ts, start, CancellationToken.None);
        var later = await Client.HistoryAsync("C0ALERTS", null, TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.True(channel.Succeeded && thread.Succeeded, $"{channel} {thread}");
        Assert.Equal(5, channel.Value.Count); // replies are not in the channel's history
        var found = Assert.Single(channel.Value, m => m.Metadata is not null);
        Assert.Equal((root.Value.Ts, "automations_action", "s1"), (found.Ts, found.Metadata!.EventType, (string?)found.Metadata.EventPayload["session"]));
        Assert.Equal(3 + 1, _slack.RequestsTo("GET", "/api/conversations.history").Count); // five messages two a page, then the later look
        Assert.Equal(["Session started", "*pr_open*"], thread.Value.Select(m => m.Text));
        Assert.Equal("slack:status:9", (string?)thread.Value[1].Metadata!.EventPayload["key"]);
        Assert.Empty(later.Value!);
        Assert.Contains("\"metadata\":{\"event_type\":\"automations_action\",\"event_payload\":{\"session\":\"s1\"", _slack.RequestsTo("POST", "/api/chat.postMessage")[0].Text, StringComparison.Ordinal);
        Assert.All(_slack.RequestsTo("GET", "/api/conversations.history"), r => Assert.Contains("include_all_metadata=true", r.Query, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("#alerts", "C0ALERTS")]
    [InlineData("deploys", "C0DEPLOYS")]
    [InlineData("C0ALERTS", "C0ALERTS")]
    public async Task ChannelIdAsync_ByNameOrId_IsTheChannelsId(string channel, string id)
    {
        _slack.MaxPageSize = 1;
        _slack.AddChannel("C0DEPLOYS", "deploys");

        var result = await Client.ChannelIdAsync(channel, CancellationToken.None);

        Assert.Equal(id, result.Value);
    }

    [Fact]
    public async Task ChannelIdAsync_UnknownName_FailsWithTheName()
    {
        var result = await Client.ChannelIdAsync("#nowhere", CancellationToken.None);

        Assert.Equal("channel_not_found: no channel named nowhere", result.Error!.Message);
    }

    [Fact]
    public async Task PostMessageAsync_ToAPerson_GoesToTheBotsDirectMessageWithThem_NotToDeactivatedMembersOrBots()
    {
        _slack.MaxPageSize = 1;
        _slack.AddUser("U0GONE", "oncall", "On-call (old)", deleted: true);
        _slack.AddUser("U0BOT", "oncall-bot", "oncall", bot: true);
        _slack.AddUser("U0ONCALL", "oncall", "On-call");
        _slack.AddUser("U0LATER", "someone", "Someone");

        var posted = await Client.PostMessageAsync(new SlackMessage("@oncall", "*approved_and_green*"), CancellationToken.None);

        Assert.True(posted.Succeeded, posted.ToString());
        Assert.Equal("D0U0ONCALL", posted.Value.Channel);
        Assert.Equal(("D0U0ONCALL", "*approved_and_green*"), (Assert.Single(_slack.Messages).Channel, _slack.Messages[0].Text));
        Assert.Equal(3, _slack.RequestsTo("GET", "/api/users.list").Count);
        Assert.Contains("\"users\":\"U0ONCALL\"", Assert.Single(_slack.RequestsTo("POST", "/api/conversations.open")).Text, StringComparison.Ordinal);
        Assert.Contains("\"channel\":\"D0U0ONCALL\"", Assert.Single(_slack.RequestsTo("POST", "/api/chat.postMessage")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@maria.dev")]
    [InlineData("@Maria")]
    public async Task ChannelIdAsync_APersonByHandleOrDisplayName_IsTheirDirectMessage_WhoseHistoryReadsBack(string person)
    {
        _slack.AddUser("U0MARIA", "maria.dev", "Maria");
        var start = TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(5);
        await Client.PostMessageAsync(new SlackMessage(person, "told"), CancellationToken.None);

        var id = await Client.ChannelIdAsync(person, CancellationToken.None);
        var history = await Client.HistoryAsync(id.Value!, null, start, CancellationToken.None);

        Assert.Equal("D0U0MARIA", id.Value);
        Assert.Equal("told", Assert.Single(history.Value!).Text);
    }

    [Fact]
    public async Task ChannelIdAsync_ADisplayNameTwoPeopleShare_NamesNeither_UnlessAHandleIsThatName()
    {
        _slack.AddUser("U0ALEX1", "alex.k", "Alex");
        _slack.AddUser("U0ALEX2", "alex.m", "Alex");

        var ambiguous = await Client.ChannelIdAsync("@Alex", CancellationToken.None);
        _slack.AddUser("U0ALEX", "alex", "Alexandra");
        var byHandle = await Client.ChannelIdAsync("@Alex", CancellationToken.None);

        Assert.Equal("user_ambiguous: @Alex is the display name of U0ALEX1, U0ALEX2; name one by their handle", ambiguous.Error!.Message);
        Assert.Equal("D0U0ALEX", byHandle.Value);
    }

    [Fact]
    public async Task ChannelIdAsync_ANameResolvedOnce_IsKeptForItsLifetime_ThenLookedUpAgain()
    {
        _slack.AddUser("U0ONCALL", "oncall", "On-call");

        await Client.PostMessageAsync(new SlackMessage("@oncall", "one"), CancellationToken.None);
        await Client.PostMessageAsync(new SlackMessage("@OnCall", "two"), CancellationToken.None);
        var channels = (await Client.ChannelIdAsync("#alerts", CancellationToken.None), await Client.ChannelIdAsync("alerts", CancellationToken.None));
        var listed = (_slack.RequestsTo("GET", "/api/users.list").Count, _slack.RequestsTo("GET", "/api/conversations.list").Count);
        _time.Advance(SlackNames.Lifetime);
        await Client.PostMessageAsync(new SlackMessage("@oncall", "three"), CancellationToken.None);

        Assert.Equal((1, 1), listed);
        Assert.Equal(("C0ALERTS", "C0ALERTS"), (channels.Item1.Value, channels.Item2.Value));
        Assert.Equal(2, _slack.RequestsTo("GET", "/api/users.list").Count);
        Assert.All(_slack.Messages, m => Assert.Equal("D0U0ONCALL", m.Channel));
        Assert.Equal(3, _slack.Messages.Count);
    }

    [Fact]
    public async Task PostMessageAsync_ToNoSuchPerson_FailsWithTheName_AndPostsNothing()
    {
        _slack.AddUser("U0ONCALL", "oncall", "On-call");

        var result = await Client.PostMessageAsync(new SlackMessage("@nobody", "x"), CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, "user_not_found: no active person in the workspace is named @nobody"), (result.Error!.Kind, result.Error.Message));
        Assert.Empty(_slack.RequestsTo("POST", "/api/conversations.open"));
        Assert.Empty(_slack.RequestsTo("POST", "/api/chat.postMessage"));
    }

    [Fact]
    public async Task HistoryAsync_UnknownChannel_FailsWithSlacksCode()
    {
        var result = await Client.HistoryAsync("C0NOPE", null, TimeProvider.System.GetUtcNow(), CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, "channel_not_found"), (result.Error!.Kind, result.Error.Message));
    }

    [Fact]
    public async Task UpdateMessageAsync_StatusBlocks_ReplaceTextAndBlocks()
    {
        var posted = await Client.PostMessageAsync(SlackStatusBlocks.Message("alerts", new SessionStatusView("autofix", "working")), CancellationToken.None);
        var view = new SessionStatusView("autofix", "pr_open")
        {
            PullRequestUrl = new Uri("https://github.example/acme/web/pull/7"), PullRequestNumber = 7, SessionUrl = new Uri("http://127.0.0.1:7070/sessions/s1"), CostUsd = 1.234m,
        };

        var updated = await Client.UpdateMessageAsync(posted.Value!.Channel, posted.Value.Ts, SlackStatusBlocks.Text(view), SlackStatusBlocks.Blocks(view), CancellationToken.None);

        Assert.True(updated.Succeeded, updated.ToString());
        var message = Assert.Single(_slack.Messages);
        Assert.Equal(("autofix: pr_open", 1), (message.Text, message.Edits));
        Assert.Equal(":arrow_heading_up: *autofix* is `pr_open`", (string?)message.Blocks![0]!["text"]!["text"]);
        var context = message.Blocks[1]!["elements"]!.AsArray().Select(e => (string?)e!["text"]).ToList();
        Assert.Equal(["<https://github.example/acme/web/pull/7|Pull request #7>", "<http://127.0.0.1:7070/sessions/s1|Session>", "Cost $1.23"], context);
    }

    [Fact]
    public async Task PostMessageAsync_UnknownChannel_FailsWithSlacksErrorCode()
    {
        var result = await Client.PostMessageAsync(new SlackMessage("#nowhere", "x"), CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, "channel_not_found"), (result.Error!.Kind, result.Error.Message));
    }

    [Fact]
    public async Task PostMessageAsync_WrongToken_FailsInvalidAuth()
    {
        await using var services = Integrations.Build(new Dictionary<string, string?> { ["Automations:Slack:ApiUrl"] = _slack.ApiUrl.ToString(), ["Automations:Slack:BotToken"] = "xoxb-wrong" });

        var result = await services.GetRequiredService<SlackClient>().PostMessageAsync(new SlackMessage("#alerts", "x"), CancellationToken.None);

        Assert.Equal("invalid_auth", result.Error!.Message);
        Assert.Empty(_slack.Messages);
    }

    [Fact]
    public async Task PostMessageAsync_Ratelimited_WaitsRetryAfterAndPostsOnce()
    {
        _slack.FailNext(1, FakeFailure.TooManyRequests(3, """{"ok":false,"error":"ratelimited"}"""));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.PostMessageAsync(new SlackMessage("#alerts", "hello"), CancellationToken.None));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([TimeSpan.FromSeconds(3)], waits);
        Assert.Single(_slack.Messages);
    }

    [Fact]
    public async Task PostMessageAsync_RatelimitedPastTheRetries_FailsRateLimitedWithSlacksCode()
    {
        _slack.FailNext(5, FakeFailure.TooManyRequests(1, """{"ok":false,"error":"ratelimited"}"""));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.PostMessageAsync(new SlackMessage("#alerts", "hello"), CancellationToken.None));

        Assert.Equal(4, waits.Count);
        Assert.Equal(ProviderErrorKind.RateLimited, result.Error!.Kind);
        Assert.Equal("ratelimited (still rate limited after 5 attempts)", result.Error.Message);
        Assert.Empty(_slack.Messages);
    }

    [Fact]
    public async Task PostMessageAsync_NoToken_FailsNotConfigured()
    {
        await using var services = Integrations.Build(new Dictionary<string, string?> { ["Automations:Slack:ApiUrl"] = _slack.ApiUrl.ToString() });

        var result = await services.GetRequiredService<SlackClient>().PostMessageAsync(new SlackMessage("#alerts", "x"), CancellationToken.None);

        Assert.Equal(ProviderErrorKind.NotConfigured, result.Error!.Kind);
        Assert.Empty(_slack.Requests);
    }

    [Fact]
    public void Blocks_TextFromOutside_IsEscapedSoItMakesNoMentionOrLink()
    {
        var blocks = SlackStatusBlocks.Blocks(new SessionStatusView("fix <!channel>", "errored") { Summary = "a & b <https://evil.example|click>" });

        Assert.Equal(":x: *fix &lt;!channel&gt;* is `errored`", (string?)blocks[0]!["text"]!["text"]);
        Assert.Equal("a &amp; b &lt;https://evil.example|click&gt;", (string?)blocks[1]!["text"]!["text"]);
        Assert.Equal(2, blocks.Count);
        Assert.IsType<JsonArray>(blocks);
    }
}
