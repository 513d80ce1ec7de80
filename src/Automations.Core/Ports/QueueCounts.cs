using Automations.Core.Sessions;

namespace Automations.Core.Ports;

public sealed record QueueCounts(int Available, int Leased, int Dead);
