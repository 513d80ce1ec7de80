using Automations.Core.Definitions;

namespace Automations.Core.Ports;

/// <summary>The automations in force now. The set is immutable; a reload swaps in a new one.</summary>
public interface IDefinitionCatalog
{
    DefinitionSet Current { get; }
}
