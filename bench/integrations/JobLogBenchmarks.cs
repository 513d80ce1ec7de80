using System.Text;
using Automations.Integrations.GitHub;
using BenchmarkDotNet.Attributes;

namespace Automations.Bench.Integrations;

/// <summary>
/// The excerpt of a 200,000-line (about 17 MB) GitHub Actions log, read as a stream: with its first
/// error in the middle (the reader stops 10 lines after it), and with no error (it reads to the end).
/// </summary>
[MemoryDiagnoser]
public class JobLogBenchmarks
{
    private byte[] _withError = [];
    private byte[] _withoutError = [];

    [GlobalSetup]
    public void Setup()
    {
        _withError = Log(errorAt: 100_000);
        _withoutError = Log(errorAt: -1);
    }

    [Benchmark]
    public Task<JobLogExcerpt> ErrorInTheMiddle() => Excerpt(_withError);

    [Benchmark]
    public Task<JobLogExcerpt> NoError() => Excerpt(_withoutError);

    private static async Task<JobLogExcerpt> Excerpt(byte[] log)
    {
        using var reader = new StreamReader(new MemoryStream(log, writable: false));
        return await JobLogReader.ExcerptAsync(reader, 80, CancellationToken.None);
    }

    private static byte[] Log(int errorAt)
    {
        var text = new StringBuilder();
        for (var i = 0; i < 200_000; i++)
        {
            text.Append("2026-01-05T09:00:00.1234567Z ")
                .Append(i == errorAt ? "##[error]Process completed with exit code 1." : $"  at Example.Module.Method{i % 97}() in /src/File{i % 13}.cs:line {i % 500}")
                .Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
