namespace Automations.Core.Definitions;

/// <summary>One trigger in the kind index: the position of its definition and the trigger itself.</summary>
internal readonly record struct TriggerEntry(int Definition, TriggerSpec Trigger);
