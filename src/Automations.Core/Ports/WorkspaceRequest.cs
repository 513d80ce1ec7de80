namespace Automations.Core.Ports;

public sealed record WorkspaceRequest(string SessionId, string RepositoryUrl, string Base, string Branch);
