using System.Text.Json.Nodes;
using Automations.Testing;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// A stand-in for the Azure CLI on the <c>PATH</c> of a script under test. It records each call (its arguments,
/// one line), keeps the last parameters file (<c>@file</c>) and package (<c>--src file</c>) it was given, and
/// answers from <see cref="AzAnswer"/>s: the first whose pattern (a shell pattern, <c>*</c> for anything)
/// matches the arguments. Any other call fails, so a script that calls Azure in a way the test did not expect
/// fails too.
/// </summary>
public sealed class FakeAzureCli : IDisposable
{
    private readonly TempDirectory _directory = new("fake-az");

    public FakeAzureCli(IEnumerable<AzAnswer> answers)
    {
        Directory.CreateDirectory(_directory.Combine("bin"));
        var cases = answers.Select((answer, i) =>
        {
            File.WriteAllText(_directory.Combine($"answer-{i}"), answer.Output.Length == 0 ? string.Empty : answer.Output + "\n");
            var pattern = "'" + answer.Pattern.Replace("'", "'\\''", StringComparison.Ordinal).Replace("*", "'*'", StringComparison.Ordinal) + "'";
            return $"  {pattern}) cat '{_directory.Combine($"answer-{i}")}'; exit {answer.ExitCode} ;;";
        });
        var calls = _directory.Combine("calls");
        var parameters = _directory.Combine("parameters.json");
        var package = _directory.Combine("package.zip");
        Scripts.Write(_directory.Combine("bin", "az"), $$"""
            printf '%s\n' "$*" >> '{{calls}}'
            previous=""
            for argument in "$@"; do
              case "$argument" in @*) [ -f "${argument#@}" ] && cp "${argument#@}" '{{parameters}}' ;; esac
              [ "$previous" = "--src" ] && cp "$argument" '{{package}}'
              previous=$argument
            done
            case "$*" in
            {{string.Join('\n', cases)}}
              *) echo "fake az: not expected: $*" >&2; exit 1 ;;
            esac
            """);
    }

    /// <summary>The answers <c>scripts/azure-check.sh</c> reads: a deployment's outputs and its vault's secrets.</summary>
    public static FakeAzureCli ForDeployment(IReadOnlyDictionary<string, string> outputs, IReadOnlyDictionary<string, string> secrets) => new(
        outputs.Select(o => new AzAnswer($"deployment group show -g * -n * --query properties.outputs.{o.Key}.value -o tsv", o.Value))
            .Concat(secrets.Select(s => new AzAnswer($"keyvault secret show --vault-name * -n {s.Key} --query value -o tsv", s.Value))));

    /// <summary>The folder to put first on the script's <c>PATH</c>.</summary>
    public string Bin => _directory.Combine("bin");

    /// <summary>Every call, one line of arguments each.</summary>
    public IReadOnlyList<string> Calls => File.Exists(_directory.Combine("calls")) ? File.ReadAllLines(_directory.Combine("calls")) : [];

    /// <summary>The last parameters file given as <c>@file</c>, parsed; null when none was.</summary>
    public JsonObject? Parameters => File.Exists(_directory.Combine("parameters.json")) ? JsonNode.Parse(File.ReadAllText(_directory.Combine("parameters.json")))!.AsObject() : null;

    /// <summary>Where the last package given as <c>--src</c> was kept; null when none was.</summary>
    public string? Package => File.Exists(_directory.Combine("package.zip")) ? _directory.Combine("package.zip") : null;

    public void Dispose() => _directory.Dispose();
}
