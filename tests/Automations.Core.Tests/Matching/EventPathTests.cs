using System.Text.Json;
using Automations.Core.Matching;

namespace Automations.Core.Tests.Matching;

public sealed class EventPathTests
{
    private static EventPath Path(string text)
    {
        var path = EventPath.TryParse(text, out var error);
        Assert.Null(error);
        return Assert.IsType<EventPath>(path);
    }

    [Fact]
    public void Resolve_OccurredAt_IsTheTextOfTheEventJson()
    {
        var triggerEvent = TestEvents.Create() with { OccurredAt = new DateTimeOffset(2026, 11, 21, 9, 30, 5, 120, TimeSpan.FromHours(1)) };
        using var json = JsonDocument.Parse(triggerEvent.ToJson());

        var value = Assert.Single(Path("occurredAt").Resolve(triggerEvent));

        Assert.Equal(json.RootElement.GetProperty("occurredAt").GetString(), value.Text);
    }

    [Fact]
    public void Resolve_SubjectNumber_IsANumber()
    {
        var value = Assert.Single(Path("subject.number").Resolve(TestEvents.Create()));

        Assert.Equal(new EventValue(EventValueKind.Number, "1347"), value);
    }

    [Fact]
    public void Resolve_NullEnvelopeField_HasNoValue()
    {
        Assert.Empty(Path("subject.severity").Resolve(TestEvents.Create(severity: null)));
        Assert.Equal("fatal", Assert.Single(Path("subject.severity").Resolve(TestEvents.Create(severity: "fatal"))).Text);
    }

    [Fact]
    public void Resolve_PayloadValues_KeepTheirKinds()
    {
        var triggerEvent = TestEvents.Create(payload: """{ "a": [1, "two", true, null, { "b": 3 }, [4.5]] }""");

        var values = Path("payload.a").Resolve(triggerEvent);

        Assert.Equal(
            [
                new EventValue(EventValueKind.Number, "1"),
                EventValue.String("two"),
                new EventValue(EventValueKind.Boolean, "true"),
                EventValue.Object,
                new EventValue(EventValueKind.Number, "4.5"),
            ],
            values);
    }

    [Fact]
    public void Resolve_PayloadKeys_AreCaseSensitive()
    {
        Assert.Empty(Path("payload.Label.name").Resolve(TestEvents.Create()));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("payload.")]
    [InlineData("subject.title.length")]
    [InlineData("Kind")]
    public void TryParse_BadPath_GivesAnError(string text)
    {
        Assert.Null(EventPath.TryParse(text, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
