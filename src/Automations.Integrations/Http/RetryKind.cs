namespace Automations.Integrations.Http;

/// <summary>What an answer calls for.</summary>
public enum RetryKind
{
    /// <summary>A final answer, good or bad: no retry.</summary>
    None,

    /// <summary>A passing failure (5xx): back off and try again.</summary>
    Transient,

    /// <summary>A rate limit: wait as long as the provider says, then try again.</summary>
    RateLimited,
}
