namespace Automations.Core.Sessions;

public sealed record SessionTrigger(string Source, string Kind, string DeliveryId);
