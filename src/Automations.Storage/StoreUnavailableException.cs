namespace Automations.Storage;

/// <summary>The store cannot be opened: a connection string that cannot be read, or a server that does not answer. The message names no secret.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
