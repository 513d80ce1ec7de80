namespace Automations.Host.Sandbox;

internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Sandbox: {Warning}")]
    public static partial void Unsandboxed(ILogger logger, string warning);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Agents run sandboxed: {Description}")]
    public static partial void Sandboxed(ILogger logger, string description);
}
