namespace Automations.Host.Configuration;

/// <summary>How the executable runs the engine.</summary>
public enum HostMode
{
    /// <summary><c>automations serve</c>: webhooks and API over Kestrel, and the scheduler, workers and janitor as loops in the process.</summary>
    Serve,

    /// <summary>
    /// <c>automations functions</c>: a custom handler that the Azure Functions host calls. The host's timer and
    /// Service Bus triggers do what the loops do in <see cref="Serve"/>, so none runs in the process.
    /// </summary>
    Functions,
}
