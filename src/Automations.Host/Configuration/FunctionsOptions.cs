using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

/// <summary><c>Automations:Functions</c>: the <c>functions</c> verb, where Service Bus delivers the jobs.</summary>
public sealed class FunctionsOptions
{
    /// <summary>
    /// The <c>maxDeliveryCount</c> of the Service Bus queue: on this delivery a failing job gives up (its
    /// session becomes <c>errored</c>) and Service Bus dead-letters the message. Default 10, as the queue's.
    /// </summary>
    [Range(1, 2000, ErrorMessage = "must be between {1} and {2}, as the Service Bus queue's maxDeliveryCount.")]
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>
    /// How long a job handed to Service Bus may wait for its worker before the scheduler function hands it
    /// over again (a message that was lost, a worker that died). Default 10 minutes.
    /// </summary>
    public TimeSpan HandoffTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most due jobs one timer invocation hands over; the rest go on the next. Default 100.</summary>
    [Range(1, 1000, ErrorMessage = "must be between {1} and {2}.")]
    public int HandoffBatch { get; set; } = 100;
}
