using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>What an event changes on the session's projection; null fields stay as they are.</summary>
public sealed record SessionChange
{
    public string? Status { get; init; }

    public string? Error { get; init; }

    public string? Branch { get; init; }

    public string? Repository { get; init; }
}
