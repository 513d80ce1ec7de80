using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Automations.Host.Observability;

/// <summary>
/// The engine's console log: one line per message, as <c>HH:mm:ss info: Category[EventId] message</c>, scrubbed
/// as error reports are (<see cref="SecretScrubber"/>: the configured secrets blanked, every URL's user and
/// password left out), from the message and from an exception's text alike. The lines that name a URL already
/// leave its user info out; this catches what a library or an exception says.
/// </summary>
internal sealed class ScrubbingConsoleFormatter(IConfiguration configuration) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "automations";

    private readonly SecretScrubber _scrubber = new(configuration);

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var line = new StringBuilder(message.Length + 96)
            .Append(TimeProvider.System.GetLocalNow().ToString("HH:mm:ss ", CultureInfo.InvariantCulture))
            .Append(Level(logEntry.LogLevel)).Append(": ")
            .Append(logEntry.Category).Append('[').Append(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ")
            .Append(message);
        if (logEntry.Exception is { } exception)
        {
            line.Append(' ').Append(exception);
        }

        textWriter.WriteLine(Scrub(line.ToString()));
    }

    /// <summary>The text scrubbed, on one line.</summary>
    internal string Scrub(string text) => _scrubber.Scrub(text)!.ReplaceLineEndings(" ");

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
