using System.Collections.Concurrent;

namespace Automations.Host.Observability;

/// <summary>
/// The engine's console log, in place of the framework's: each message one scrubbed line
/// (<see cref="ConsoleLogLine"/>), written in batches (<see cref="ConsoleLogWriter"/>). It answers to the
/// framework's name, so <c>Logging:Console:LogLevel</c> filters it as before.
/// </summary>
[ProviderAlias("Console")]
internal sealed class ConsoleLogProvider : ILoggerProvider
{
    private readonly ConsoleLogLine _lines;
    private readonly ConsoleLogWriter _writer;
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ConsoleLogProvider(IConfiguration configuration)
        : this(new ConsoleLogLine(new SecretScrubber(configuration), TimeProvider.System), new ConsoleLogWriter(Console.OpenStandardOutput(), TimeProvider.System))
    {
    }

    internal ConsoleLogProvider(ConsoleLogLine lines, ConsoleLogWriter writer)
    {
        _lines = lines;
        _writer = writer;
    }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, category => new Logger(category, this));

    public void Dispose() => _writer.Dispose();

    private sealed class Logger(string category, ConsoleLogProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && provider._lines.Format(logLevel, category, eventId, formatter(state, exception), exception) is { } line)
            {
                provider._writer.Append(line);
            }
        }
    }
}
