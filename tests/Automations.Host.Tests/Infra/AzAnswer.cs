namespace Automations.Host.Tests.Infra;

/// <summary>What <see cref="FakeAzureCli"/> answers to a call whose arguments match <paramref name="Pattern"/>.</summary>
public sealed record AzAnswer(string Pattern, string Output = "", int ExitCode = 0);
