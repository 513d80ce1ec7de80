namespace Automations.Host.Functions;

/// <summary>Service Bus as the holder of handed-over jobs (<see cref="Automations.Core.Ports.IJobHandoff"/>).</summary>
public static class ServiceBusHandoff
{
    /// <summary>The owner of a job's lease while Service Bus holds its message.</summary>
    public const string Owner = "service-bus";
}
