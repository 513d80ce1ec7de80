using Automations.Integrations.Http;

namespace Automations.Integrations.Actions;

/// <summary>
/// A provider is unavailable or rate limited beyond the client's own retries: the session's job fails this
/// attempt and is retried with backoff; the action's ledger says where it was.
/// </summary>
public sealed class ActionDeferredException : Exception
{
    public ActionDeferredException()
    {
    }

    public ActionDeferredException(string message)
        : base(message)
    {
    }

    public ActionDeferredException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ActionDeferredException(string key, ProviderError error)
        : base($"{key}: {error}")
    {
    }

    /// <summary>True for errors that a later attempt may not meet: the provider was down or limiting, not refusing.</summary>
    public static bool IsTransient(ProviderError error) =>
        error.Kind is ProviderErrorKind.Unavailable or ProviderErrorKind.RateLimited or ProviderErrorKind.Network;
}
