using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>A session to create with its job, in the delivery's transaction.</summary>
public sealed record NewSession(string Id, string Automation, string Kind, string? Repository);
