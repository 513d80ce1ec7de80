namespace Automations.Host.Configuration;

public sealed class ApiOptions
{
    /// <summary>Operator keys for <c>/api</c> and the console. When none is set, one is generated on first start and kept in DataDir.</summary>
    public IList<string> Keys { get; set; } = [];

    /// <summary>Keys that may look but not change: the console without its buttons, <c>/api</c> answering 403 to every change. None by default.</summary>
    public IList<string> ReadOnlyKeys { get; set; } = [];
}
