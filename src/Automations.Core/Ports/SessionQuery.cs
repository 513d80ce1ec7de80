using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Core.Ports;

public sealed record SessionQuery
{
    public string? Status { get; init; }

    public string? Automation { get; init; }

    public int Limit { get; init; } = 100;
}
