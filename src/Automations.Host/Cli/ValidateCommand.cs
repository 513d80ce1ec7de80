using System.CommandLine;
using Automations.Host.Definitions;

namespace Automations.Host.Cli;

/// <summary>
/// <c>automations validate [PATH]</c>: one <c>file:line:column: message</c> per problem; exit 1 if any, or if there
/// is nothing to check. It reads the configuration <c>serve</c> reads (<see cref="EngineConfiguration"/>): PATH
/// defaults to <c>Automations:DefinitionsPath</c>, and <c>agent.use</c> must name an agent under <c>Automations:Agents</c>.
/// </summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var path = new Argument<string[]>("path")
        {
            Description = "A definition file or folder (default: Automations:DefinitionsPath, as serve reads it); settings as --Key=value, as serve takes them.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("validate", "Check automation definitions against the engine's configuration.") { path };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            // A setting (--Automations:Agents:claude:Kind=claude-code) is not a path, wherever it stands.
            var tokens = (result.GetValue(path) ?? []).Concat(result.UnmatchedTokens).ToList();
            var paths = tokens.Where(t => !t.StartsWith('-')).ToList();
            if (paths.Count > 1)
            {
                Console.Error.WriteLine($"validate: one file or folder at a time, not {string.Join(" and ", paths)}");
                return 2;
            }

            using var configuration = EngineConfiguration.Read(tokens.Where(t => t.StartsWith('-')));
            return Run(paths.SingleOrDefault() ?? EngineConfiguration.DefinitionsPath(configuration), EngineConfiguration.Agents(configuration));
        });
        return command;
    }

    private static int Run(string target, IReadOnlyCollection<string> agents)
    {
        if (!Directory.Exists(target) && !File.Exists(target))
        {
            Console.Error.WriteLine($"validate: {target}: no such file or folder");
            return 1;
        }

        if (DefinitionFolder.Files(target).Count == 0)
        {
            Console.Error.WriteLine($"validate: no definition files (*.yaml, *.yml) in {Path.GetFullPath(target)}");
            return 1;
        }

        var set = DefinitionFolder.Load(target, agents);
        foreach (var error in set.AllErrors)
        {
            Console.Out.WriteLine(error.ToString());
        }

        Console.Error.WriteLine($"{set.Definitions.Count} automation(s) valid, {set.AllErrors.Count} problem(s) in {Path.GetFullPath(target)}.");
        return set.AllErrors.Count == 0 ? 0 : 1;
    }
}
