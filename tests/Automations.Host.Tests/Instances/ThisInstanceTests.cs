using Automations.Host.Configuration;
using Automations.Host.Instances;
using Automations.Testing;
using Microsoft.Extensions.Options;

namespace Automations.Host.Tests.Instances;

/// <summary>How an engine process describes itself to the registry, names its workers, and when it counts as gone.</summary>
public sealed class ThisInstanceTests
{
    [Fact]
    public void Instance_SaysItsRolesAndWorkers_AndItsWorkersIdsAreItsOwn()
    {
        var time = new ManualTimeProvider();
        var options = new AutomationsOptions { Worker = new WorkerOptions { Concurrency = 3 }, Scheduler = new SchedulerOptions { Enabled = false } };

        var self = new ThisInstance(Options.Create(options), time);
        var other = new ThisInstance(Options.Create(options), time);

        Assert.Equal(["worker", "api"], self.Instance.Roles);
        Assert.Equal((3, Environment.ProcessId, time.GetUtcNow()), (self.Instance.Concurrency, self.Instance.ProcessId, self.Instance.StartedAt));
        Assert.StartsWith($"{Environment.MachineName}:{Environment.ProcessId}:", self.Id, StringComparison.Ordinal);
        Assert.NotEqual(self.Id, other.Id);
        Assert.True(self.Instance.Holds(self.WorkerId(2)));
        Assert.False(self.Instance.Holds(other.WorkerId(2)));
        Assert.False(self.Instance.Holds(null));
    }

    [Fact]
    public void Instance_WithoutWorkers_HasNone()
    {
        var self = new ThisInstance(Options.Create(new AutomationsOptions { Worker = new WorkerOptions { Enabled = false } }), TimeProvider.System);

        Assert.Equal(["scheduler", "api"], self.Instance.Roles);
        Assert.Equal(0, self.Instance.Concurrency);
    }

    [Fact]
    public void IsGone_AfterThreeHeartbeatsOfSilence()
    {
        var instance = new ThisInstance(Options.Create(new AutomationsOptions()), TimeProvider.System).Instance;
        var beat = instance.HeartbeatAt;

        Assert.False(ThisInstance.IsGone(instance, beat + TimeSpan.FromSeconds(45)));
        Assert.True(ThisInstance.IsGone(instance, beat + TimeSpan.FromSeconds(46)));
    }
}
