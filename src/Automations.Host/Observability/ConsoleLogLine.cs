using System.Globalization;
using System.Text;

namespace Automations.Host.Observability;

/// <summary>
/// One line of the engine's console log, as <c>HH:mm:ss info: Category[EventId] message</c>, scrubbed as error
/// reports are (<see cref="SecretScrubber"/>: the configured secrets blanked, every URL's user and password left
/// out), from the message and from an exception's text alike, and joined onto one line. The lines that name a
/// URL already leave its user info out; this catches what a library or an exception says.
/// </summary>
internal sealed class ConsoleLogLine(SecretScrubber scrubber, TimeProvider time)
{
    /// <summary>The line for one message; null when there is nothing to say.</summary>
    public string? Format(LogLevel level, string category, EventId eventId, string? message, Exception? exception)
    {
        if (string.IsNullOrEmpty(message) && exception is null)
        {
            return null;
        }

        var line = new StringBuilder((message?.Length ?? 0) + 96)
            .Append(time.GetLocalNow().ToString("HH:mm:ss ", CultureInfo.InvariantCulture))
            .Append(Level(level)).Append(": ")
            .Append(category).Append('[').Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ")
            .Append(message);
        if (exception is not null)
        {
            line.Append(' ').Append(exception);
        }

        return scrubber.Scrub(line.ToString())!.ReplaceLineEndings(" ");
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
