namespace Automations.Core.Ports;

public enum AgentOutcome
{
    Succeeded,
    Failed,
    TimedOut,
    Canceled,
}
