namespace Automations.Integrations.GitHub;

/// <summary>Reads a job log as a stream, keeping no more than the excerpt in memory, whatever the log's size.</summary>
public static class JobLogReader
{
    /// <summary>How many lines after the first error the excerpt keeps.</summary>
    public const int LinesAfterError = 10;

    private const string ErrorMarker = "##[error]";

    /// <summary>
    /// The <paramref name="maxLines"/> lines that end <see cref="LinesAfterError"/> lines after the first
    /// <c>##[error]</c>; with no error, the last <paramref name="maxLines"/> lines.
    /// </summary>
    public static async Task<JobLogExcerpt> ExcerptAsync(TextReader reader, int maxLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, LinesAfterError + 1);
        var window = new Queue<string>(maxLines);
        var total = 0;
        var errorAt = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            total++;
            if (errorAt == 0)
            {
                if (window.Count == maxLines)
                {
                    window.Dequeue();
                }

                window.Enqueue(WithoutTimestamp(line));
                if (line.Contains(ErrorMarker, StringComparison.Ordinal))
                {
                    errorAt = total;
                    while (window.Count > maxLines - LinesAfterError)
                    {
                        window.Dequeue();
                    }
                }
            }
            else if (total - errorAt <= LinesAfterError)
            {
                window.Enqueue(WithoutTimestamp(line));
            }
            else
            {
                // The excerpt is complete; the rest of the log is not needed.
                break;
            }
        }

        var last = errorAt == 0 ? total : Math.Min(total, errorAt + LinesAfterError);
        return new JobLogExcerpt(string.Join('\n', window), last - window.Count + 1, total, errorAt > 0);
    }

    /// <summary>GitHub starts each line with an ISO 8601 timestamp and a space: noise for a prompt.</summary>
    private static string WithoutTimestamp(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space is >= 20 and <= 40 && line[space - 1] == 'Z' && line[4] == '-' && char.IsAsciiDigit(line[0]) ? line[(space + 1)..] : line;
    }
}
