namespace Automations.Core.Work;

/// <summary>How jobs handed to an outside queue (Service Bus) come back: <see cref="HandedOverLease"/>.</summary>
/// <param name="Owner">The outside queue's name as the holder of a handed-over job.</param>
/// <param name="HandoffTimeout">How long the outside queue holds a job before the store hands it over again.</param>
/// <param name="MaxDeliveries">The outside queue's last delivery (Service Bus's <c>maxDeliveryCount</c>).</param>
/// <param name="RetryBaseDelay">The backoff before the first retry.</param>
/// <param name="RetryMaxDelay">The longest backoff.</param>
public sealed record HandoverPolicy(string Owner, TimeSpan HandoffTimeout, int MaxDeliveries, TimeSpan RetryBaseDelay, TimeSpan RetryMaxDelay);
