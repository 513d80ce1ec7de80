using Automations.Host.Configuration;

namespace Automations.Host.Cli;

/// <summary>
/// Where every verb reads its configuration: <c>appsettings.json</c> and its environment's file in the working
/// folder, environment variables (<c>__</c> for <c>:</c>), then the command line. <c>serve</c> and <c>functions</c>
/// build their application on <see cref="CreateBuilder"/>; <c>validate</c> and <c>test</c> read the same
/// configuration through <see cref="Read"/>, so they check the definitions folder and the agents <c>serve</c> runs.
/// </summary>
internal static class EngineConfiguration
{
    /// <summary>
    /// The application builder over the configuration from <paramref name="args"/> and the rest. The files are read
    /// once: the engine checks its settings at start, and watching them for changes would watch the whole working
    /// folder, with the data folder under it by default, so that every write to the store and every file an agent
    /// writes in a workspace went through a watcher of this process.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"], ContentRootPath = Directory.GetCurrentDirectory() });

    /// <summary>The configuration <see cref="CreateBuilder"/> reads, for a verb that runs no engine; dispose it.</summary>
    public static ConfigurationManager Read(IEnumerable<string> args) => CreateBuilder([.. args]).Configuration;

    /// <summary><c>Automations:DefinitionsPath</c>, or its default.</summary>
    public static string DefinitionsPath(IConfiguration configuration) =>
        configuration[$"{AutomationsOptions.Section}:{nameof(AutomationsOptions.DefinitionsPath)}"] is { Length: > 0 } path
            ? path
            : new AutomationsOptions().DefinitionsPath;

    /// <summary>The names under <c>Automations:Agents</c>: what a definition's <c>agent.use</c> may name.</summary>
    public static IReadOnlyCollection<string> Agents(IConfiguration configuration) =>
        [.. configuration.GetSection($"{AutomationsOptions.Section}:{nameof(AutomationsOptions.Agents)}").GetChildren().Select(s => s.Key)];
}
