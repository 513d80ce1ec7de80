namespace Automations.Core.Sources.Linear;

/// <summary>
/// Linear's webhook types (the body's <c>type</c>) and actions, from Linear's "Webhooks" and "Agent interaction"
/// documentation and its SDK's webhook types. Data changes come as <c>create</c>, <c>update</c> and <c>remove</c>;
/// an agent session as <c>AgentSessionEvent</c> <c>created</c> or <c>prompted</c>. The notification, SLA and
/// permission types take any action: Linear documents no closed list of them.
/// </summary>
public static class LinearCatalogue
{
    private const string DataChange = "create update remove";

    public static EventCatalogue Types { get; } = new("linear", "Linear", "type",
    [
        EventCatalogueEntry.Of("AgentSessionEvent", "created prompted"),
        EventCatalogueEntry.OfAnyAction("AppUserNotification"),
        EventCatalogueEntry.Of("Attachment", DataChange),
        EventCatalogueEntry.Of("AuditEntry", DataChange),
        EventCatalogueEntry.Of("Comment", DataChange),
        EventCatalogueEntry.Of("Customer", DataChange),
        EventCatalogueEntry.Of("CustomerNeed", DataChange),
        EventCatalogueEntry.Of("Cycle", DataChange),
        EventCatalogueEntry.Of("Document", DataChange),
        EventCatalogueEntry.Of("Initiative", DataChange),
        EventCatalogueEntry.Of("InitiativeUpdate", DataChange),
        EventCatalogueEntry.Of("Issue", DataChange),
        EventCatalogueEntry.Of("IssueLabel", DataChange),
        EventCatalogueEntry.OfAnyAction("IssueSLA"),
        EventCatalogueEntry.Of("OAuthApp", "revoked"),
        EventCatalogueEntry.OfAnyAction("PermissionChange"),
        EventCatalogueEntry.Of("Project", DataChange),
        EventCatalogueEntry.Of("ProjectUpdate", DataChange),
        EventCatalogueEntry.Of("Reaction", DataChange),
        EventCatalogueEntry.Of("User", DataChange),
    ]);
}
