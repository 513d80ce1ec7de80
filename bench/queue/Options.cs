using System.Globalization;

namespace Automations.Bench.Queue;

/// <summary>The command line's <c>--name value</c> pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public string Connection => values.TryGetValue("connection", out var c) ? c : throw new InvalidOperationException("--connection is required");

    public int Jobs => Int("jobs", 10_000);

    public int Workers => Int("workers", 8);

    public int Instances => Int("instances", 1);

    public int LatencyJobs => Int("latency-jobs", 500);

    /// <summary>Latency run: jobs inserted per second, one at a time.</summary>
    public int Rate => Int("rate", 50);

    public string Mode => values.TryGetValue("mode", out var m) ? m : "drain";

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    private int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
