namespace Automations.Host.Cli;

/// <summary>
/// <c>test --expect</c>: what must start for a repository's own CI to pass. The names given (or <c>none</c>)
/// are compared with what would start; each difference is one line that says why, and the exit code is 1.
/// Without <c>--expect</c> the dry run only reports, and exits 0.
/// </summary>
internal static class TestExpectation
{
    public const string None = "none";

    /// <param name="expected">The names given; empty when none were.</param>
    /// <param name="outcome">Each automation's name, with null where it would start and why not otherwise.</param>
    /// <param name="output">Where the verdict is written.</param>
    public static int Check(IReadOnlyList<string> expected, IReadOnlyDictionary<string, string?> outcome, TextWriter output)
    {
        if (expected.Count == 0)
        {
            return 0;
        }

        var wanted = expected.Where(e => !e.Equals(None, StringComparison.OrdinalIgnoreCase)).ToHashSet(StringComparer.Ordinal);
        var started = outcome.Where(o => o.Value is null).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var problems = wanted.Order(StringComparer.Ordinal).Where(w => !started.Contains(w))
            .Select(w => outcome.TryGetValue(w, out var why) ? $"{w} would not start ({why})" : $"there is no automation named {w}")
            .Concat(started.Order(StringComparer.Ordinal).Where(s => !wanted.Contains(s)).Select(s => $"{s} would start, and was not expected"))
            .ToList();
        foreach (var problem in problems)
        {
            output.WriteLine($"expectation failed: {problem}");
        }

        if (problems.Count == 0)
        {
            output.WriteLine($"expectation met: {(started.Count == 0 ? "nothing" : string.Join(", ", started.Order(StringComparer.Ordinal)))} would start");
        }

        return problems.Count == 0 ? 0 : 1;
    }
}
