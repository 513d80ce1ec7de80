using Automations.Core.Definitions;
using Automations.Core.Ports;

namespace Automations.Host.Tests;

/// <summary>Definitions that never change, parsed from YAML (each must parse without errors).</summary>
internal sealed class FixedCatalog : IDefinitionCatalog
{
    public FixedCatalog(params (string File, string Yaml)[] files)
    {
        Current = DefinitionSet.Create([.. files.Select(f => (f.File, DefinitionParser.Parse(f.File, f.Yaml)))]);
        Assert.Empty(Current.AllErrors);
    }

    public DefinitionSet Current { get; }
}
