namespace Automations.Integrations.Http;

/// <summary>What an answer calls for, and how long the provider asked to wait (null: back off as usual).</summary>
public sealed record RetryAdvice(RetryKind Kind, TimeSpan? Delay)
{
    public static readonly RetryAdvice None = new(RetryKind.None, null);

    public bool ShouldRetry => Kind != RetryKind.None;
}
