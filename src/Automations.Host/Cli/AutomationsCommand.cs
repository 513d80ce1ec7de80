using System.CommandLine;

namespace Automations.Host.Cli;

/// <summary>The <c>automations</c> command line (CONTRACT.md, "The command"). With no verb it serves.</summary>
public static class AutomationsCommand
{
    private static readonly string[] Verbs = ["serve", "validate", "test", "send", "sessions", "schema", "functions", "--help", "-h", "-?", "--version"];

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Automations: events in, coding-agent sessions out.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(SendCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(SessionsCommand.Create());
        root.Subcommands.Add(FunctionsCommand.Create());

        if (args.Length == 0 || !Verbs.Contains(args[0], StringComparer.Ordinal))
        {
            args = ["serve", .. args];
        }

        // SIGTERM and Ctrl+C are the host's to handle: it gives running sessions Automations:Worker:ShutdownGrace
        // and releases their jobs. The command line's own handling would end the process after 2 seconds.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
