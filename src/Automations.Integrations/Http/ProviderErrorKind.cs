namespace Automations.Integrations.Http;

/// <summary>Why a provider call did not succeed.</summary>
public enum ProviderErrorKind
{
    /// <summary>The provider answered and refused the request (a 4xx, Slack's <c>ok:false</c>, GraphQL <c>errors</c>).</summary>
    Rejected,

    /// <summary>The provider kept failing (5xx) until the retries ran out.</summary>
    Unavailable,

    /// <summary>Rate limited for longer than the client may wait, or still limited after every retry.</summary>
    RateLimited,

    /// <summary>No answer: the connection failed or an attempt timed out, every time.</summary>
    Network,

    /// <summary>The client has no credentials for this provider.</summary>
    NotConfigured,

    /// <summary>The provider answered with something that is not what its documentation says.</summary>
    InvalidResponse,
}
