namespace Automations.Integrations.Http;

/// <summary>What every provider client's options have: where its API is, and how it retries.</summary>
public interface IProviderOptions
{
    string ApiUrl { get; }

    HttpRetryOptions Retry { get; }
}
