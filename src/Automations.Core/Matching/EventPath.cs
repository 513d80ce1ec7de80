using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Automations.Core.Definitions;
using Automations.Core.Events;

namespace Automations.Core.Matching;

/// <summary>
/// A dotted path into an event as JSON (<c>subject.title</c>, <c>payload.issue.labels.name</c>), parsed once.
/// Envelope fields are read straight from the <see cref="TriggerEvent"/>; <c>payload.</c> paths walk its
/// <see cref="JsonElement"/>. Where a path crosses an array, every element is followed; where the value at
/// the end is an array, each element is a value. A number segment on an array picks one element.
/// </summary>
internal sealed class EventPath
{
    private const string PayloadRoot = "payload";

    private static readonly FrozenDictionary<string, Field> Envelope = new Dictionary<string, Field>(StringComparer.Ordinal)
    {
        ["source"] = Field.Source,
        ["kind"] = Field.Kind,
        ["deliveryId"] = Field.DeliveryId,
        ["occurredAt"] = Field.OccurredAt,
        ["repository"] = Field.Repository,
        ["actor"] = Field.Actor,
        ["subject"] = Field.Subject,
        ["subject.type"] = Field.SubjectType,
        ["subject.id"] = Field.SubjectId,
        ["subject.number"] = Field.SubjectNumber,
        ["subject.title"] = Field.SubjectTitle,
        ["subject.url"] = Field.SubjectUrl,
        ["subject.labels"] = Field.SubjectLabels,
        ["subject.state"] = Field.SubjectState,
        ["subject.severity"] = Field.SubjectSeverity,
        [PayloadRoot] = Field.Payload,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly Field _field;
    private readonly string[] _payloadSegments;

    private EventPath(string text, Field field, string[] payloadSegments)
    {
        Text = text;
        _field = field;
        _payloadSegments = payloadSegments;
    }

    private enum Field
    {
        Source,
        Kind,
        DeliveryId,
        OccurredAt,
        Repository,
        Actor,
        Subject,
        SubjectType,
        SubjectId,
        SubjectNumber,
        SubjectTitle,
        SubjectUrl,
        SubjectLabels,
        SubjectState,
        SubjectSeverity,
        Payload,
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses a path; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static EventPath? TryParse(string text, out string? error)
    {
        var segments = text.Split('.');
        if (segments.Any(string.IsNullOrWhiteSpace))
        {
            error = $"'{text}' is not a path: write names separated by single dots, such as payload.issue.title";
            return null;
        }

        if (segments[0] == PayloadRoot)
        {
            error = null;
            return new EventPath(text, Field.Payload, segments[1..]);
        }

        if (Envelope.TryGetValue(text, out var field))
        {
            error = null;
            return new EventPath(text, field, []);
        }

        var suggestion = Suggestions.Closest(text, Envelope.Keys);
        error = suggestion is not null
            ? $"unknown event field '{text}' (did you mean '{suggestion}'?)"
            : $"unknown event field '{text}': the provider's payload is under 'payload.', such as payload.{text}";
        return null;
    }

    /// <summary>Every non-null value at this path in the event, arrays flattened; empty when the path is missing.</summary>
    public IReadOnlyList<EventValue> Resolve(TriggerEvent triggerEvent)
    {
        var values = new List<EventValue>();
        var subject = triggerEvent.Subject;
        switch (_field)
        {
            case Field.Source: AddString(values, triggerEvent.Source); break;
            case Field.Kind: AddString(values, triggerEvent.Kind); break;
            case Field.DeliveryId: AddString(values, triggerEvent.DeliveryId); break;
            case Field.OccurredAt: AddString(values, FormatTime(triggerEvent.OccurredAt)); break;
            case Field.Repository: AddString(values, triggerEvent.Repository); break;
            case Field.Actor: AddString(values, triggerEvent.Actor); break;
            case Field.Subject: values.Add(EventValue.Object); break;
            case Field.SubjectType: AddString(values, subject.Type); break;
            case Field.SubjectId: AddString(values, subject.Id); break;
            case Field.SubjectNumber:
                if (subject.Number is { } number)
                {
                    values.Add(EventValue.Number(number));
                }

                break;
            case Field.SubjectTitle: AddString(values, subject.Title); break;
            case Field.SubjectUrl: AddString(values, subject.Url); break;
            case Field.SubjectLabels:
                foreach (var label in subject.Labels)
                {
                    AddString(values, label);
                }

                break;
            case Field.SubjectState: AddString(values, subject.State); break;
            case Field.SubjectSeverity: AddString(values, subject.Severity); break;
            case Field.Payload: Collect(triggerEvent.Payload, 0, values); break;
            default: throw new InvalidOperationException($"Unhandled event field {_field}.");
        }

        return values;
    }

    public override string ToString() => Text;

    private void Collect(JsonElement element, int index, List<EventValue> values)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (index < _payloadSegments.Length
                && int.TryParse(_payloadSegments[index], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                if (position < element.GetArrayLength())
                {
                    Collect(element[position], index + 1, values);
                }

                return;
            }

            foreach (var item in element.EnumerateArray())
            {
                Collect(item, index, values);
            }

            return;
        }

        if (index == _payloadSegments.Length)
        {
            AddLeaf(element, values);
            return;
        }

        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(_payloadSegments[index], out var child))
        {
            Collect(child, index + 1, values);
        }
    }

    private static void AddLeaf(JsonElement element, List<EventValue> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String: values.Add(EventValue.String(element.GetString()!)); break;
            case JsonValueKind.Number: values.Add(new EventValue(EventValueKind.Number, element.GetRawText())); break;
            case JsonValueKind.True: values.Add(new EventValue(EventValueKind.Boolean, "true")); break;
            case JsonValueKind.False: values.Add(new EventValue(EventValueKind.Boolean, "false")); break;
            case JsonValueKind.Object: values.Add(EventValue.Object); break;
            default: break; // null and undefined are no value
        }
    }

    private static void AddString(List<EventValue> values, string? text)
    {
        if (text is not null)
        {
            values.Add(EventValue.String(text));
        }
    }

    /// <summary>The same text System.Text.Json writes for a <see cref="DateTimeOffset"/>.</summary>
    private static string FormatTime(DateTimeOffset time) =>
        time.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
