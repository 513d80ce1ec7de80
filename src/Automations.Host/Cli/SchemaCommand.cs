using System.CommandLine;
using Automations.Core.Definitions;

namespace Automations.Host.Cli;

/// <summary>
/// <c>automations schema [--output FILE]</c>: the definitions' JSON Schema, built from what the parser checks, for
/// editors' <c># yaml-language-server: $schema=…</c> line. The repository keeps a copy in <c>docs/automations.schema.json</c>.
/// </summary>
public static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--output") { Description = "Write the schema to this file instead of standard output." };
        var command = new Command("schema", "Print the JSON Schema of definition files, for editors.") { output };
        command.SetAction(result =>
        {
            var text = DefinitionSchema.Text();
            if (result.GetValue(output) is not { } file)
            {
                Console.Out.Write(text);
                return 0;
            }

            try
            {
                File.WriteAllText(file.FullName, text);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"schema: cannot write {file.FullName}: {ex.Message}");
                return 1;
            }

            Console.Error.WriteLine($"wrote {file.FullName}");
            return 0;
        });
        return command;
    }
}
