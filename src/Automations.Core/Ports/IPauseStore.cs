namespace Automations.Core.Ports;

/// <summary>The pause switches, kept in the store so that every instance of a cluster honours them.</summary>
public interface IPauseStore
{
    /// <summary>Every paused automation, and <see cref="AutomationPause.All"/> when all are paused.</summary>
    Task<IReadOnlyList<AutomationPause>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Pauses <see cref="AutomationPause.Automation"/>; a pause already in place keeps its reason. False if it was paused already.</summary>
    Task<bool> PauseAsync(AutomationPause pause, CancellationToken cancellationToken);

    /// <summary>Lifts the automation's pause. False if it was not paused.</summary>
    Task<bool> ResumeAsync(string automation, CancellationToken cancellationToken);
}
