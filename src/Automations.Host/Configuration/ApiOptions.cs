namespace Automations.Host.Configuration;

public sealed class ApiOptions
{
    /// <summary>Bearer keys for <c>/api</c>. When none is set, one is generated on first start and kept in DataDir.</summary>
    public IList<string> Keys { get; set; } = [];
}
