using Automations.Host.Cli;
using Microsoft.Extensions.Configuration.Json;

namespace Automations.Host.Tests.Cli;

public sealed class EngineConfigurationTests
{
    [Fact]
    public void CreateBuilder_ReadsTheSettingsFilesOnce_WatchingNoFolder()
    {
        var builder = EngineConfiguration.CreateBuilder(["--Automations:Worker:Enabled=false"]);

        var files = builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList();
        Assert.Contains(files, f => f.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.ReloadOnChange, $"{f.Path} is watched for changes, and with it the working folder"));
        Assert.Equal("false", builder.Configuration["Automations:Worker:Enabled"]);
    }
}
