namespace Automations.Host.Functions;

/// <summary>What starts a function: the Functions host's binding that calls the handler.</summary>
public enum FunctionTrigger
{
    /// <summary><c>httpTrigger</c> named <c>req</c>, answered through the HTTP output <c>res</c>.</summary>
    Http,

    /// <summary><c>timerTrigger</c> named <c>timer</c>.</summary>
    Timer,

    /// <summary><c>serviceBusTrigger</c> named <c>job</c>, on the queue of session jobs.</summary>
    ServiceBus,
}
