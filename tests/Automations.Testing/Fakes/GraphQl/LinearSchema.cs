namespace Automations.Testing.Fakes.GraphQl;

/// <summary>
/// The part of Linear's GraphQL schema around issues, their comments and agent sessions, with the fields and arguments
/// Linear documents for them, so an operation that asks for a field Linear does not have fails here as it
/// fails there.
/// </summary>
public static class LinearSchema
{
    private static readonly string[] Page = ["first", "after", "last", "before", "filter", "includeArchived", "orderBy"];

    public static GraphQlSchema Schema { get; } = new(new Dictionary<string, IReadOnlyDictionary<string, (string Type, string[] Arguments)>>(StringComparer.Ordinal)
    {
        ["Query"] = Fields(("issue", "Issue!", ["id!"]), ("agentActivity", "AgentActivity!", ["id!"]), ("team", "Team!", ["id!"]), ("viewer", "User!", [])),
        ["Mutation"] = Fields(
            ("commentCreate", "CommentPayload!", ["input!"]),
            ("agentActivityCreate", "AgentActivityPayload!", ["input!"]),
            ("agentSessionUpdate", "AgentSessionPayload!", ["id!", "input!"]),
            ("agentSessionCreateOnIssue", "AgentSessionPayload!", ["input!"])),
        ["Issue"] = Fields(
            ("id", "ID!", []), ("identifier", "String!", []), ("title", "String!", []), ("description", "String", []), ("url", "String!", []),
            ("number", "Float!", []), ("priority", "Float!", []), ("branchName", "String!", []), ("createdAt", "DateTime!", []), ("updatedAt", "DateTime!", []),
            ("state", "WorkflowState!", []), ("team", "Team!", []), ("assignee", "User", []), ("creator", "User", []),
            ("comments", "CommentConnection!", Page), ("labels", "IssueLabelConnection!", Page)),
        ["WorkflowState"] = Fields(("id", "ID!", []), ("name", "String!", []), ("type", "String!", []), ("color", "String!", []), ("position", "Float!", [])),
        ["Team"] = Fields(("id", "ID!", []), ("key", "String!", []), ("name", "String!", [])),
        ["User"] = Fields(("id", "ID!", []), ("name", "String!", []), ("displayName", "String!", []), ("email", "String!", [])),
        ["Comment"] = Fields(
            ("id", "ID!", []), ("body", "String!", []), ("url", "String!", []), ("createdAt", "DateTime!", []), ("updatedAt", "DateTime!", []),
            ("user", "User", []), ("issue", "Issue", [])),
        ["CommentConnection"] = Fields(("nodes", "[Comment!]!", []), ("edges", "[CommentEdge!]!", []), ("pageInfo", "PageInfo!", [])),
        ["CommentEdge"] = Fields(("node", "Comment!", []), ("cursor", "String!", [])),
        ["IssueLabelConnection"] = Fields(("nodes", "[IssueLabel!]!", []), ("pageInfo", "PageInfo!", [])),
        ["IssueLabel"] = Fields(("id", "ID!", []), ("name", "String!", []), ("color", "String!", [])),
        ["PageInfo"] = Fields(("hasNextPage", "Boolean!", []), ("hasPreviousPage", "Boolean!", []), ("startCursor", "String", []), ("endCursor", "String", [])),
        ["CommentPayload"] = Fields(("success", "Boolean!", []), ("comment", "Comment!", []), ("lastSyncId", "Float!", [])),
        ["AgentActivityPayload"] = Fields(("success", "Boolean!", []), ("agentActivity", "AgentActivity!", []), ("lastSyncId", "Float!", [])),
        ["AgentActivity"] = Fields(
            ("id", "ID!", []), ("createdAt", "DateTime!", []), ("updatedAt", "DateTime!", []), ("content", "JSON!", []), ("ephemeral", "Boolean!", []),
            ("signal", "String", []), ("signalMetadata", "JSON", []), ("agentSession", "AgentSession!", [])),
        ["AgentSessionPayload"] = Fields(("success", "Boolean!", []), ("agentSession", "AgentSession!", []), ("lastSyncId", "Float!", [])),
        ["AgentSession"] = Fields(
            ("id", "ID!", []), ("createdAt", "DateTime!", []), ("updatedAt", "DateTime!", []), ("status", "String!", []), ("url", "String", []),
            ("externalUrls", "JSON!", []), ("plan", "JSON", []), ("issue", "Issue", [])),
    });

    private static IReadOnlyDictionary<string, (string Type, string[] Arguments)> Fields(params (string Name, string Type, string[] Arguments)[] fields) =>
        fields.ToDictionary(f => f.Name, f => (f.Type, f.Arguments), StringComparer.Ordinal);
}
