using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Automations.Integrations.Sentry;

/// <summary>
/// An event's exceptions as text for an agent's prompt: each exception's type and value, then its
/// frames, most recent call last. The application's own frames (<c>in_app</c>) carry their source line;
/// a library frame is one line. When there are more than <c>maxFrames</c>, the ones nearest the error
/// are kept and the rest are counted.
/// </summary>
public static class SentryStackTraceText
{
    public static string Render(SentryEvent sentryEvent, int maxFrames = 30)
    {
        ArgumentNullException.ThrowIfNull(sentryEvent);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        var exceptions = sentryEvent.Exceptions();
        if (exceptions.Count == 0)
        {
            return sentryEvent.Title ?? sentryEvent.Message ?? "(the event has no exception)";
        }

        var text = new StringBuilder();
        foreach (var (exception, index) in exceptions.Select((e, i) => (e, i)))
        {
            if (index > 0)
            {
                text.AppendLine().AppendLine("During handling of the above exception, another exception occurred:").AppendLine();
            }

            Append(text, exception, maxFrames);
        }

        return text.ToString().TrimEnd();
    }

    private static void Append(StringBuilder text, SentryException exception, int maxFrames)
    {
        var frames = exception.Stacktrace?.Frames ?? [];
        if (frames.Count > 0)
        {
            text.AppendLine("Traceback (most recent call last):");
        }

        var skipped = Math.Max(0, frames.Count - maxFrames);
        if (skipped > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  … {skipped} earlier frames not shown").AppendLine();
        }

        foreach (var frame in frames.Skip(skipped))
        {
            var where = frame.Filename ?? frame.AbsPath ?? frame.Module ?? "?";
            text.Append(CultureInfo.InvariantCulture, $"  {where}");
            if (frame.LineNo is { } line)
            {
                text.Append(CultureInfo.InvariantCulture, $":{line}");
            }

            text.Append(CultureInfo.InvariantCulture, $" in {frame.Function ?? "?"}");
            text.AppendLine(frame.InApp == true ? string.Empty : " [library]");
            if (frame.InApp == true && SourceLine(frame) is { } source)
            {
                text.Append("      ").AppendLine(source.Trim());
            }
        }

        var type = exception.Type ?? "Error";
        text.AppendLine(string.IsNullOrEmpty(exception.Value) ? type : $"{type}: {exception.Value}");
    }

    private static string? SourceLine(SentryFrame frame)
    {
        foreach (var pair in frame.Context ?? [])
        {
            if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2
                && pair[0].ValueKind == JsonValueKind.Number && pair[0].TryGetInt32(out var number) && number == frame.LineNo
                && pair[1].ValueKind == JsonValueKind.String)
            {
                return pair[1].GetString();
            }
        }

        return null;
    }
}
