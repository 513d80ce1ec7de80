using System.Text.RegularExpressions;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;

namespace Automations.Host.Tests.Cli;

/// <summary>
/// The GitHub Actions job docs/definitions.md documents, its command lines and environment read from the
/// document itself, run by the real executable on a checkout-shaped folder: a repository with
/// <c>.automations/</c> and a sample payload in it.
/// </summary>
public sealed partial class OwnCiTests : IDisposable
{
    private const string Fix = """
        name: fix
        on:
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
        repository: "{{ event.repository }}"
        agent: { use: claude }
        instructions: "Fix issue #{{ event.subject.number }}."
        """;

    private readonly TempDirectory _checkout = new("checkout");

    public OwnCiTests()
    {
        Directory.CreateDirectory(_checkout.Combine(".automations", "samples"));
        File.WriteAllText(_checkout.Combine(".automations", "fix.yaml"), Fix);
        File.WriteAllBytes(_checkout.Combine(".automations", "samples", "issues-labeled.json"), EngineSetup.Payload("issues-labeled.json"));
        File.WriteAllText(_checkout.Combine("README.md"), "# web\n");
    }

    public void Dispose() => _checkout.Dispose();

    [Fact]
    public async Task DocumentedJob_OnAGoodCheckout_ValidatesAndShowsTheSampleMatching()
    {
        var (validate, test) = DocumentedCommands();

        var validated = await CommandLine.RunAsync(_checkout.Path, DocumentedEnvironment(), validate);
        var tested = await CommandLine.RunAsync(_checkout.Path, DocumentedEnvironment(), test);

        Assert.True(validated.ExitCode == 0, validated.Output + validated.Error);
        Assert.Contains("1 automation(s) valid, 0 problem(s)", validated.Error, StringComparison.Ordinal);
        Assert.True(tested.ExitCode == 0, tested.Output + tested.Error);
        Assert.Contains("match: fix (matched on github.issues.labeled)", tested.Output, StringComparison.Ordinal);
        Assert.Contains("| Fix issue #1347.", tested.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentedJob_OnABrokenDefinition_FailsWithFileLineAndColumn()
    {
        File.WriteAllText(_checkout.Combine(".automations", "fix.yaml"), Fix.Replace("use: claude", "use: claud", StringComparison.Ordinal));
        var (validate, _) = DocumentedCommands();

        var (exitCode, output, _) = await CommandLine.RunAsync(_checkout.Path, DocumentedEnvironment(), validate);

        Assert.Equal(1, exitCode);
        Assert.Equal(".automations/fix.yaml:5:15: agent 'claud' is not configured (did you mean 'claude'?); configured: claude", output.Trim());
    }

    /// <summary>The arguments after <c>--</c> of the job's validate and test steps.</summary>
    private static (string[] Validate, string[] Test) DocumentedCommands()
    {
        var steps = Workflow().Split('\n').Where(l => l.Contains("-- ", StringComparison.Ordinal) && l.TrimStart().StartsWith("- run: dotnet run", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        return (Assert.Single(steps, s => s[0] == "validate"), Assert.Single(steps, s => s[0] == "test"));
    }

    private static Dictionary<string, string?> DocumentedEnvironment() =>
        EnvironmentLine().Matches(Workflow()).ToDictionary(m => m.Groups["name"].Value, m => (string?)m.Groups["value"].Value, StringComparer.Ordinal);

    private static string Workflow()
    {
        var document = File.ReadAllText(Path.Combine(CommandLine.RepositoryRoot(), "docs", "definitions.md"));
        var start = document.IndexOf("# .github/workflows/automations.yml", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/definitions.md documents the workflow");
        return document[start..document.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"^\s+(?<name>Automations__\w+): (?<value>\S+)$", RegexOptions.Multiline | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 100)]
    private static partial Regex EnvironmentLine();
}
