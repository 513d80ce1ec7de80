using System.CommandLine;
using Automations.Host.Api;
using Automations.Host.Configuration;
using Automations.Host.Dashboard;
using Automations.Host.Definitions;
using Automations.Host.Health;
using Automations.Host.Observability;
using Automations.Host.Sandbox;
using Automations.Host.Surfaces;
using Automations.Host.Webhooks;
using Automations.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Automations.Host.Cli;

/// <summary><c>automations serve</c>: webhooks, API and workers in one process.</summary>
public static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:7070";

    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (default {DefaultUrl}: loopback unless told otherwise)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "SQLite file, workspaces and the generated API key (default ./.automations)." };
        var automations = new Option<string?>("--automations") { Description = "The folder of automation definitions (default ./automations)." };
        var command = new Command("serve", "Run the engine: webhooks, API, workers.") { urls, dataDir, automations };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var args = new List<string>(result.UnmatchedTokens);
            Add(args, "urls", result.GetValue(urls));
            Add(args, "Automations:DataDir", result.GetValue(dataDir));
            Add(args, "Automations:DefinitionsPath", result.GetValue(automations));
            await using var app = Build([.. args]);
            if (PortCheck.FirstInUse(app.Configuration["urls"] ?? DefaultUrl) is { } taken)
            {
                await Console.Error.WriteLineAsync($"automations: cannot start: {taken} is already in use (another engine?); stop it, or pass --urls");
                return 1;
            }

            try
            {
                await app.RunAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or OptionsValidationException)
            {
                // An expected outcome of a wrong setting or a server that is down: the reason, not a stack trace.
                await Console.Error.WriteLineAsync($"automations: cannot start: {ex.Message}");
                return 1;
            }

            return 0;
        });
        return command;
    }

    /// <summary>The engine's web application, configured from <paramref name="args"/> and the environment.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = EngineConfiguration.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        ConfigureLogging(builder.Logging);
        builder.AddTelemetry();
        builder.Services.AddProblemDetails();
        builder.Services.AddAutomations(builder.Configuration);
        builder.Services.AddConsole();

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseConsole();
        app.MapHealth();
        app.MapMetrics();
        app.MapWebhooks();
        app.MapSlackInteractions();
        app.MapApi();
        app.MapConsole();

        app.Lifetime.ApplicationStarted.Register(() => Announce(app));
        return app;
    }

    /// <summary>One line per message, quiet framework logs: the same in every mode.</summary>
    internal static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        // Its one warning says the console's cookie keys are stored unencrypted: they are, owner-only in the
        // data directory, as the API key is.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // One line per message, with secrets and URLs' user info scrubbed from it, written in batches
        // (ConsoleLogProvider), in place of the framework's console log.
        foreach (var framework in logging.Services.Where(d => d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
        {
            logging.Services.Remove(framework);
        }

        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, ConsoleLogProvider>());
    }

    private static void Announce(WebApplication app)
    {
        // The key is made (and printed, the first time) at start, not on the first API call.
        app.Services.GetRequiredService<ApiKeys>();
        SandboxSetup.Announce(app.Services);
        var options = app.Services.GetRequiredService<IOptions<AutomationsOptions>>().Value;
        var definitions = app.Services.GetRequiredService<DefinitionFolder>();
        Console.WriteLine($"Automations is listening on {string.Join(", ", app.Urls)}");
        Console.WriteLine($"  data:        {Path.GetFullPath(options.DataDir)}");
        Console.WriteLine($"  automations: {definitions.Path} ({definitions.Current.Definitions.Count} loaded, {definitions.Current.AllErrors.Count} problem(s))");
    }

    internal static void Add(List<string> args, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            args.Add($"--{key}={value}");
        }
    }
}
