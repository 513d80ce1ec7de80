using Automations.Host.Cli;

return await AutomationsCommand.RunAsync(args);
