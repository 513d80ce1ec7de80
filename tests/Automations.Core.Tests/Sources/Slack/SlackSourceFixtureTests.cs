using System.Text.Json;
using Automations.Core.Sources;
using Automations.Core.Sources.Slack;
using Automations.Testing;

namespace Automations.Core.Tests.Sources.Slack;

/// <summary>Every event fixture under Payloads/slack, normalized, against what a reader of the payload expects.</summary>
public sealed class SlackSourceFixtureTests
{
    private const string Mention = "<@U07AUTOBOT> please look at the checkout crash on an empty cart";

    private static readonly Dictionary<string, Expected> Expectations = new(StringComparer.Ordinal)
    {
        ["event_callback.app_mention.json"] = new(
            "slack.app_mention", "Ev0AUTOMENTION1", "U05ADALOVE", 1770289200,
            "slack_message", "1770289200.001900", Mention, Subtype: null),
        ["event_callback.message.json"] = new(
            "slack.message", "Ev0AUTOMESSAGE1", "U05GRACEHOP", 1770292800,
            "slack_message", "1770292800.000300", "deploy of web v2.14.0 is done, carts look healthy", Subtype: null),
        ["event_callback.message-bot_message.json"] = new(
            "slack.message", "Ev0AUTOBOTMSG1", "B08SENTRYBOT", 1770293400,
            "slack_message", "1770293400.000500", "TypeError: Cannot read properties of undefined (reading 'total')", Subtype: "bot_message"),
        ["event_callback.message-message_changed.json"] = new(
            "slack.message", "Ev0AUTOCHANGED1", "U05GRACEHOP", 1770293000,
            "slack_message", "1770293000.000700", "deploy of web v2.14.1 is done, carts look healthy", Subtype: "message_changed"),
        ["event_callback.reaction_added.json"] = new(
            "slack.reaction_added", "Ev0AUTOREACTION1", "U05ADALOVE", 1770293100,
            "reaction_added", "1770293100.000800", null, Subtype: null),
    };

    private static readonly string[] NotEvents = ["url_verification.json", "app_rate_limited.json"];

    private readonly SlackSource _source = new(new ManualTimeProvider(SlackRequests.Now));

    public static TheoryData<string> Fixtures => [.. Expectations.Keys];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Normalize_Fixture_ReadsKindSubjectActorAndTime(string fileName)
    {
        var expected = Expectations[fileName];
        var request = SlackRequests.Signed(SlackRequests.Fixture(fileName));
        var deliveryId = _source.DeliveryId(request);

        var result = _source.Normalize(request, deliveryId!, SlackRequests.Now);

        var actual = Assert.IsType<NormalizeResult.Normalized>(result).Event;
        Assert.Equal(expected.DeliveryId, deliveryId);
        Assert.Equal("slack", actual.Source);
        Assert.Equal(expected.DeliveryId, actual.DeliveryId);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Null(actual.Repository);
        Assert.Equal(expected.Actor, actual.Actor);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expected.EventTime), actual.OccurredAt);
        Assert.Equal(expected.SubjectType, actual.Subject.Type);
        Assert.Equal(expected.SubjectId, actual.Subject.Id);
        Assert.Equal(expected.Title, actual.Subject.Title);
        Assert.Null(actual.Subject.Number);
        Assert.Null(actual.Subject.Url);
        Assert.Null(actual.Subject.State);
        Assert.Null(actual.Subject.Severity);
        Assert.Empty(actual.Subject.Labels);
        Assert.Equal(JsonValueKind.Object, actual.Payload.ValueKind);
        Assert.Equal(expected.Subtype, actual.Payload.GetProperty("event").TryGetProperty("subtype", out var subtype) ? subtype.GetString() : null);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Verify_FixtureSignedWithTheSecret_Valid(string fileName)
    {
        var request = SlackRequests.Signed(SlackRequests.Fixture(fileName));

        Assert.Equal(SignatureResult.Valid, _source.Verify(request, SlackRequests.Secret));
    }

    [Fact]
    public void Fixtures_EveryPayloadFile_HasAnExpectationOrIsNoEvent()
    {
        var files = Directory.GetFiles(SlackRequests.FixtureDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Expectations.Keys.Concat(NotEvents).Order(StringComparer.Ordinal), files);
    }

    private sealed record Expected(
        string Kind, string DeliveryId, string Actor, long EventTime, string SubjectType, string SubjectId, string? Title, string? Subtype);
}
