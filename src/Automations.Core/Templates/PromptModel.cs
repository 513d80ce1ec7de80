namespace Automations.Core.Templates;

/// <summary>
/// The model an agent's prompt is rendered over: the plain model (<see cref="TemplateContext"/>) with text
/// from outside the automation marked, so that it is output fenced (<see cref="UntrustedData"/>) while helpers
/// and conditions still see it. Marked: every non-empty string in <c>event.payload</c>, <c>event.subject.title</c>,
/// <c>event.subject.labels</c> and <c>event.actor</c> (people choose names and labels too). Plain: numbers, booleans,
/// <c>event.source</c>, <c>kind</c>, <c>deliveryId</c>, <c>occurredAt</c>, <c>repository</c>, <c>subject.type</c>,
/// <c>id</c>, <c>number</c>, <c>url</c>, <c>state</c>, <c>severity</c>, and everything under <c>automation</c> and <c>session</c>.
/// An object that holds marked text is fenced as a whole when it is output itself (as JSON).
/// </summary>
internal static class PromptModel
{
    public static Dictionary<string, object?> From(TemplateContext context, Dictionary<string, object?> plain)
    {
        var model = new Dictionary<string, object?>(plain, StringComparer.Ordinal);
        if (plain.GetValueOrDefault("event") is Dictionary<string, object?> plainEvent)
        {
            model["event"] = Event(context, plainEvent);
        }

        return model;
    }

    private static UntrustedObject Event(TemplateContext context, Dictionary<string, object?> plain)
    {
        var source = context.Event.Source;
        var actor = context.Event.Actor is { Length: > 0 } name ? name : "unknown";
        var payload = plain.GetValueOrDefault("payload");
        var subjectAuthor = UntrustedAuthors.OfSubject(source, payload) ?? actor;

        var result = new UntrustedObject(plain, source, actor, "event");
        foreach (var (key, value) in plain)
        {
            result[key] = key switch
            {
                "actor" => Mark(value, source, actor, "event.actor"),
                "payload" => Mark(value, source, actor, "event.payload"),
                "subject" when value is Dictionary<string, object?> subject => Subject(subject, source, subjectAuthor),
                _ => value,
            };
        }

        return result;
    }

    private static UntrustedObject Subject(Dictionary<string, object?> plain, string source, string author)
    {
        var result = new UntrustedObject(plain, source, author, "event.subject");
        foreach (var (key, value) in plain)
        {
            result[key] = key is "title" or "labels" ? Mark(value, source, author, "event.subject." + key) : value;
        }

        return result;
    }

    /// <summary>
    /// The value with every non-empty string in it marked; objects name their own author when they have an
    /// author field (<see cref="UntrustedAuthors.Of"/>), otherwise they keep the one around them.
    /// </summary>
    private static object? Mark(object? value, string source, string author, string field)
    {
        switch (value)
        {
            case string { Length: > 0 } text:
                return new UntrustedText(text, source, author, field);
            case Dictionary<string, object?> map:
                var own = UntrustedAuthors.Of(map) ?? author;
                var marked = new UntrustedObject(map, source, own, field);
                foreach (var (key, item) in map)
                {
                    marked[key] = Mark(item, source, own, $"{field}.{key}");
                }

                return marked;
            case List<object?> list:
                var items = new List<object?>(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    items.Add(Mark(list[i], source, author, $"{field}[{i}]"));
                }

                return items;
            default:
                return value;
        }
    }
}
