namespace Automations.Core.Ports;

/// <summary>How <c>setup</c> went: null <paramref name="Error"/> is success.</summary>
public sealed record SetupResult(string? Error)
{
    public static readonly SetupResult Ok = new((string?)null);

    public bool Succeeded => Error is null;
}
