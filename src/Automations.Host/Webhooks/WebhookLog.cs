namespace Automations.Host.Webhooks;

/// <summary>One line per delivery: its outcome and why. Never its body, a header value or a secret.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Delivery {Source} {DeliveryId}: {Outcome}, {Reason}")]
    public static partial void Delivered(ILogger logger, string source, string deliveryId, string outcome, string reason);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "Delivery {Source}: {Outcome}, {Reason}")]
    public static partial void Refused(ILogger logger, string source, string outcome, string reason);
}
