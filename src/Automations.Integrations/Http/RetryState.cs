namespace Automations.Integrations.Http;

/// <summary>What the retries saw of a request: the advice on its last answer and how many attempts it took.</summary>
public sealed record RetryState(RetryAdvice LastAdvice, int Attempts)
{
    /// <summary>Where <see cref="ResilienceHandler"/> leaves it on the request, for the client to read.</summary>
    public static readonly HttpRequestOptionsKey<RetryState> Key = new("Automations.RetryState");
}
