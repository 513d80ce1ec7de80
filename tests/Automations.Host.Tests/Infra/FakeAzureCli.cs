using Automations.Testing;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// A stand-in for the Azure CLI on the <c>PATH</c> of a script under test: it records each call and answers the
/// reads a script makes of a deployment's outputs and its vault's secrets from the values given here. Anything
/// else fails, so a script that calls Azure in a way the test did not expect fails too.
/// </summary>
public sealed class FakeAzureCli : IDisposable
{
    private readonly TempDirectory _directory = new("fake-az");

    public FakeAzureCli(IReadOnlyDictionary<string, string> outputs, IReadOnlyDictionary<string, string> secrets)
    {
        var answers = outputs.Select(o => ($"deployment group show -g * -n * --query properties.outputs.{o.Key}.value -o tsv", o.Value))
            .Concat(secrets.Select(s => ($"keyvault secret show --vault-name * -n {s.Key} --query value -o tsv", s.Value)));
        Directory.CreateDirectory(_directory.Combine("bin"));
        var cases = string.Join('\n', answers.Select(a => $"  '{a.Item1.Replace("*", "'*'", StringComparison.Ordinal)}') printf '%s\\n' '{a.Value}' ;;"));
        Scripts.Write(_directory.Combine("bin", "az"), $"""
            printf '%s\n' "$*" >> '{_directory.Combine("calls")}'
            case "$*" in
            {cases}
              *) echo "fake az: not expected: $*" >&2; exit 1 ;;
            esac
            """);
    }

    /// <summary>The folder to put first on the script's <c>PATH</c>.</summary>
    public string Bin => _directory.Combine("bin");

    /// <summary>Every call, one line of arguments each.</summary>
    public IReadOnlyList<string> Calls => File.Exists(_directory.Combine("calls")) ? File.ReadAllLines(_directory.Combine("calls")) : [];

    public void Dispose() => _directory.Dispose();
}
