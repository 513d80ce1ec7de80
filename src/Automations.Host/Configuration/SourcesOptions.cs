using System.ComponentModel.DataAnnotations;
using Automations.Agents.Commands;

namespace Automations.Host.Configuration;

public sealed class SourcesOptions
{
    public SourceSecret GitHub { get; set; } = new();
}
