using System.CommandLine;
using Automations.Host.Definitions;

namespace Automations.Host.Cli;

/// <summary><c>automations validate [PATH]</c>: one <c>file:line:column: message</c> per problem; exit 1 if any.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A definition file or folder (default ./automations).", DefaultValueFactory = _ => "./automations" };
        var command = new Command("validate", "Check automation definitions.") { path };
        command.SetAction(result =>
        {
            var target = result.GetValue(path)!;
            if (!Directory.Exists(target) && !File.Exists(target))
            {
                Console.Error.WriteLine($"{target}: no such file or folder");
                return 1;
            }

            var set = DefinitionFolder.Load(target);
            foreach (var error in set.AllErrors)
            {
                Console.Out.WriteLine(error.ToString());
            }

            Console.Error.WriteLine($"{set.Definitions.Count} automation(s) valid, {set.AllErrors.Count} problem(s).");
            return set.AllErrors.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
