namespace Automations.Core.Definitions.Actions;

/// <summary><c>webhook: { url, secret: env:NAME }</c>: the session's result, POSTed and signed the Standard Webhooks way.</summary>
public sealed record WebhookAction : ActionSpec
{
    public required Uri Url { get; init; }

    /// <summary>The environment variable holding the signing secret (<c>whsec_…</c> or raw); null sends it unsigned.</summary>
    public string? SecretVariable { get; init; }
}
