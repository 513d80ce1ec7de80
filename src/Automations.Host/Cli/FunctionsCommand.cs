using System.CommandLine;
using System.Globalization;
using Automations.Host.Api;
using Automations.Host.Configuration;
using Automations.Host.Dashboard;
using Automations.Host.Definitions;
using Automations.Host.Functions;
using Automations.Host.Health;
using Automations.Host.Observability;
using Automations.Host.Surfaces;
using Automations.Host.Webhooks;
using Automations.Storage;
using Automations.Storage.Sql;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace Automations.Host.Cli;

/// <summary>
/// <c>automations functions</c>: the Azure Functions custom handler. It listens on
/// <c>127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT</c> and answers the host's invocations of the functions of
/// <see cref="FunctionTable"/>; no scheduler, worker or janitor loop runs in it. With
/// <c>--write-definitions DIR</c> it writes <c>host.json</c> and the functions' <c>function.json</c> files instead.
/// </summary>
public static class FunctionsCommand
{
    /// <summary>The variable the Functions host gives the handler its port in.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The older name of <see cref="PortVariable"/>, which hosts set too.</summary>
    public const string LegacyPortVariable = "FUNCTIONS_HTTPWORKER_PORT";

    /// <summary>The definitions' folder in functions mode, in the app's root beside <c>host.json</c>.</summary>
    public const string DefaultDefinitionsPath = "./definitions";

    public static Command Create()
    {
        var write = new Option<string?>("--write-definitions") { Description = "Write host.json and every function's function.json into this folder (the publish output), then exit." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Workspaces and repository mirrors (default ./.automations; on Azure, a writable local folder)." };
        var automations = new Option<string?>("--automations") { Description = $"The folder of automation definitions (default {DefaultDefinitionsPath}, in the app's root)." };
        var command = new Command("functions", "Run as an Azure Functions custom handler on 127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT.") { write, dataDir, automations };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(write) is { } directory)
            {
                foreach (var file in FunctionDefinitionsWriter.Write(directory))
                {
                    Console.WriteLine($"wrote {file}");
                }

                return 0;
            }

            var portText = Environment.GetEnvironmentVariable(PortVariable) ?? Environment.GetEnvironmentVariable(LegacyPortVariable);
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                await Console.Error.WriteLineAsync(portText is null
                    ? $"automations functions: {PortVariable} is not set; the Functions host sets it when it starts the handler"
                    : $"automations functions: {PortVariable}='{portText}' is not a port");
                return 2;
            }

            var args = new List<string>(result.UnmatchedTokens);
            ServeCommand.Add(args, "Automations:DataDir", result.GetValue(dataDir));
            ServeCommand.Add(args, "Automations:DefinitionsPath", result.GetValue(automations));
            try
            {
                await using var app = Build([.. args], port);
                await app.RunAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or OptionsValidationException)
            {
                // A wrong setting or a store that is down: the reason, which the host logs, not a stack trace.
                await Console.Error.WriteLineAsync($"automations functions: cannot start: {ex.Message}");
                return 1;
            }

            return 0;
        });
        return command;
    }

    /// <summary>The handler's web application on 127.0.0.1:<paramref name="port"/>, configured from <paramref name="args"/> and the environment.</summary>
    public static WebApplication Build(string[] args, int port)
    {
        var builder = EngineConfiguration.CreateBuilder(args);

        // In the app's root, ./automations is the executable: the definitions' folder is ./definitions unless set.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { ["Automations:DefinitionsPath"] = DefaultDefinitionsPath } });

        // The host calls 127.0.0.1, nothing else does.
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;

            // The envelope carries a delivery as JSON text or base64: up to 4/3 of its size, plus escapes. The
            // delivery's own cap is checked on the body inside (Automations:Ingest:MaxBodyBytes).
            k.Limits.MaxRequestBodySize = null;
        });
        ServeCommand.ConfigureLogging(builder.Logging);
        // The Functions host routes only its functions here: no scrape endpoint; OTLP when configured.
        builder.AddTelemetry(scrapeEndpoint: false);
        builder.Services.AddProblemDetails();
        builder.Services.AddAutomations(builder.Configuration, HostMode.Functions);
        builder.Services.AddSingleton<WorkerFunction>();
        builder.Services.AddSingleton<SchedulerFunction>();
        builder.Services.AddConsole(ConsoleLive.Poll);

        var app = builder.Build();

        // Invocations of HTTP functions become requests to the endpoints below, so routing comes after them.
        // The api function's requests come forwarded from the host on loopback: the scheme people used is in
        // X-Forwarded-Proto, and the console's cookies are Secure when it was https.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto });
        app.UseMiddleware<HttpInvocationMiddleware>();
        app.UseRouting();
        app.UseConsole();
        app.MapFunctions();
        app.MapHealth();
        app.MapWebhooks();
        app.MapSlackInteractions();
        app.MapApi();
        app.MapConsole();

        // Checked at start, not on the first invocation: the options, the store (and its schema), the keys.
        _ = app.Services.GetRequiredService<IOptions<AutomationsOptions>>().Value;
        app.Services.GetRequiredService<SqlDatabase>();
        app.Services.GetRequiredService<ApiKeys>();
        app.Lifetime.ApplicationStarted.Register(() => Announce(app, port));
        return app;
    }

    private static void Announce(WebApplication app, int port)
    {
        var options = app.Services.GetRequiredService<IOptions<AutomationsOptions>>().Value;
        var definitions = app.Services.GetRequiredService<DefinitionFolder>();
        Sandbox.SandboxSetup.Announce(app.Services);
        Console.WriteLine($"Automations functions handler is listening on http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}: {string.Join(", ", FunctionTable.All.Select(f => f.Name))}");
        Console.WriteLine($"  store:       {options.Store.Provider}");
        Console.WriteLine($"  automations: {definitions.Path} ({definitions.Current.Definitions.Count} loaded, {definitions.Current.AllErrors.Count} problem(s))");
    }
}
