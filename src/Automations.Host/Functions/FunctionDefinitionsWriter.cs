using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Automations.Host.Functions;

/// <summary>
/// Writes the Functions app's definitions into a folder (the publish output): <c>host.json</c>, the list of
/// functions (<c>functions.json.sample</c>) and one folder per function with its <c>function.json</c>, all
/// from <see cref="FunctionTable"/>.
/// </summary>
public static class FunctionDefinitionsWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };

    /// <summary>The files' text: two-space indents, LF line ends, a final newline.</summary>
    public static string Text(JsonNode node) => node.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

    /// <summary>Writes every file into <paramref name="directory"/> (made if missing) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void WriteFile(string path, JsonNode node)
        {
            File.WriteAllText(path, Text(node), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }

        WriteFile(Path.Combine(directory, "host.json"), FunctionsHostJson.Create());
        WriteFile(Path.Combine(directory, "functions.json.sample"), FunctionTable.Sample());
        foreach (var function in FunctionTable.All)
        {
            var folder = Path.Combine(directory, function.Name);
            Directory.CreateDirectory(folder);
            WriteFile(Path.Combine(folder, "function.json"), function.ToFunctionJson());
        }

        return written;
    }
}
