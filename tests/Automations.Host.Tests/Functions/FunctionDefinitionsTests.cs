using System.Diagnostics;
using Automations.Host.Tests.Cli;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Host.Functions;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// The function definitions come from one table in code: the <c>function.json</c> files that the publish step
/// writes are what the real handler serves, and <c>host.json</c> and <c>functions.json.sample</c> at the
/// repository's root are what the table says.
/// </summary>
public sealed class FunctionDefinitionsTests : FunctionsHandlerTests
{
    private static readonly string[] ContractFunctions = ["github", "sentry", "linear", "slack", "custom", "scheduler", "worker", "api"];


    private static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static IReadOnlyList<JsonObject> Bindings(JsonObject function) => [.. function["bindings"]!.AsArray().Select(b => b!.AsObject())];

    /// <summary>An invocation of the function as its trigger's binding would make it.</summary>
    private static JsonObject InvocationFor(JsonObject trigger) => (string)trigger["type"]! switch
    {
        "httpTrigger" => Invocations.Http("http-current.json", ((string)trigger["methods"]![0]!).ToUpperInvariant(), "https://automations-app.example.net/" + (string)trigger["route"]!, [], []),
        "timerTrigger" => FunctionsHandlerProcess.Fixture("timer-no-status.json"),
        "serviceBusTrigger" => Invocations.ServiceBus("servicebus-double.json", "{\"session\":\"0190f0a0-0000-7000-8000-000000000001\",\"automation\":\"a\",\"source\":\"github\",\"delivery\":\"d\"}", 1),
        var other => throw new InvalidOperationException($"unexpected trigger {other}"),
    };

    [Fact]
    public async Task WriteDefinitions_FunctionJsonFiles_MatchWhatTheHandlerServes()
    {
        var output = Setup.Combine("publish");
        var (exitCode, printed) = await FunctionsHandlerProcess.RunAsync(Setup.DataDir, null, "functions", "--write-definitions", output);
        Assert.True(exitCode == 0, printed);
        Setup.AutofixDefinition();
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(Setup.Agent("agent", "true")));

        var folders = Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ContractFunctions.Order(StringComparer.Ordinal), folders);
        foreach (var name in folders)
        {
            var bindings = Bindings(Read(Path.Combine(output, name!, "function.json")));
            var trigger = Assert.Single(bindings, b => (string)b["direction"]! == "in");
            var outputs = bindings.Where(b => (string)b["direction"]! == "out").ToList();
            if (FunctionTable.Find(name!)!.Forwarded)
            {
                // One HTTP input and one HTTP output: the host forwards its requests as they came, and its answers back.
                Assert.Equal(["http"], outputs.Select(o => (string)o["type"]!));
                var forwarded = await Handler.ApiAsync("GET", "/sessions");
                Assert.True(forwarded.Status == 200 && forwarded.Body.ValueKind == JsonValueKind.Array, forwarded.ToString());
                continue;
            }

            var answer = await Handler.InvokeAsync(name!, InvocationFor(trigger));

            // Served: an answer in the invocation's shape, whose outputs are exactly the function's output bindings.
            Assert.True(answer.MediaType == "application/json" && answer.Json.ValueKind == JsonValueKind.Object, $"{name}: {answer}");
            Assert.True(answer.Status == 200, $"{name}: {answer}");
            var served = answer.Json.GetProperty("Outputs").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(outputs.Select(o => (string)o["name"]!).Order(StringComparer.Ordinal), served);

            switch ((string)trigger["type"]!)
            {
                case "httpTrigger":
                    Assert.Equal("req", (string)trigger["name"]!);
                    Assert.Equal("res", (string)Assert.Single(outputs, o => (string)o["type"]! == "http")["name"]!);
                    break;
                case "timerTrigger":
                    Assert.Equal("timer", (string)trigger["name"]!);
                    break;
                default:
                    Assert.Equal("job", (string)trigger["name"]!);
                    Assert.Equal("sessions", (string)trigger["queueName"]!);
                    break;
            }

            Assert.All(outputs.Where(o => (string)o["type"]! == "serviceBus"), o =>
            {
                Assert.Equal("jobs", (string)o["name"]!);
                Assert.Equal("sessions", (string)o["queueName"]!);
                Assert.Equal("ServiceBusConnection", (string)o["connection"]!);
            });
        }

        // Nothing else is served as a function.
        Assert.Equal(404, (await Handler.InvokeAsync("orders", FunctionsHandlerProcess.Fixture("http-docs.json"))).Status);
    }

    [Fact]
    public void RootFiles_HostJsonAndSample_AreWhatTheTableSays()
    {
        var root = CommandLine.RepositoryRoot();

        Assert.Equal(FunctionDefinitionsWriter.Text(FunctionsHostJson.Create()), File.ReadAllText(Path.Combine(root, "host.json")));
        Assert.Equal(FunctionDefinitionsWriter.Text(FunctionTable.Sample()), File.ReadAllText(Path.Combine(root, "functions.json.sample")));
        var sample = Read(Path.Combine(root, "functions.json.sample"))["functions"]!.AsObject();
        Assert.Equal(ContractFunctions.Order(StringComparer.Ordinal), sample.Select(f => f.Key).Order(StringComparer.Ordinal));

        var host = Read(Path.Combine(root, "host.json"));
        Assert.Equal("[4.*, 5.0.0)", (string)host["extensionBundle"]!["version"]!);
        Assert.Equal("functions", (string)host["customHandler"]!["description"]!["arguments"]![0]!);
        Assert.True((bool)host["customHandler"]!["enableForwardingHttpRequest"]!);
        Assert.True(TimeSpan.Parse((string)host["extensions"]!["serviceBus"]!["maxAutoLockRenewalDuration"]!, System.Globalization.CultureInfo.InvariantCulture)
            > TimeSpan.Parse((string)host["functionTimeout"]!, System.Globalization.CultureInfo.InvariantCulture));

        var settings = Read(Path.Combine(root, "local.settings.json.example"))["Values"]!.AsObject();
        Assert.Equal("custom", (string)settings["FUNCTIONS_WORKER_RUNTIME"]!);
        Assert.Contains(settings, s => s.Key.StartsWith("ServiceBusConnection", StringComparison.Ordinal));
    }

    [Fact]
    public void JobMessage_PropertyNames_DoNotOverwriteServiceBusMetadata()
    {
        // The host copies a JSON body's top-level properties into Metadata, overwriting keys of the same name.
        string[] metadata =
        [
            "DeliveryCount", "LockToken", "ExpiresAtUtc", "ExpiresAt", "EnqueuedTimeUtc", "EnqueuedTime", "MessageId", "SequenceNumber",
            "ApplicationProperties", "UserProperties", "MessageReceiver", "MessageSession", "MessageActions", "SessionActions",
            "ReceiveActions", "Client", "sys", "ContentType", "CorrelationId", "Subject", "Label", "To", "ReplyTo", "SessionId",
            "ReplyToSessionId", "PartitionKey", "TransactionPartitionKey", "DeadLetterSource",
        ];
        var message = JsonNode.Parse(JobMessage.Serialize(new Core.Sessions.SessionJob("s", "a", "github", "d")))!.AsObject();

        Assert.Equal(4, message.Count);
        Assert.DoesNotContain(message, p => metadata.Contains(p.Key, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PublishSelfContained_WritesTheDefinitions_AndTheHostCanStartTheOutput()
    {
        // As the README deploys it: a self-contained linux-x64 publish is the app's root.
        var root = CommandLine.RepositoryRoot();
        var output = Setup.Combine("published");
        var (code, log, error) = await CommandLine.ExecAsync("dotnet", root, null, TimeSpan.FromMinutes(10), ["publish", "src/Automations.Host/Automations.Host.csproj", "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "-nologo"]);
        Assert.True(code == 0, log + error);

        Assert.Equal(FunctionDefinitionsWriter.Text(FunctionsHostJson.Create()), File.ReadAllText(Path.Combine(output, "host.json")));
        foreach (var function in FunctionTable.All)
        {
            Assert.Equal(FunctionDefinitionsWriter.Text(function.ToFunctionJson()), File.ReadAllText(Path.Combine(output, function.Name, "function.json")));
        }

        // The host starts host.json's executable in the app's root, with its arguments and a port; the
        // definitions are in ./definitions there.
        var description = Read(Path.Combine(output, "host.json"))["customHandler"]!["description"]!;
        var executable = Path.Combine(output, (string)description["defaultExecutablePath"]!);
        Directory.CreateDirectory(Path.Combine(output, "definitions"));
        File.Copy(Path.Combine(root, "examples", "automations", "fix-typo.yaml"), Path.Combine(output, "definitions", "fix-typo.yaml"));
        var port = FunctionsHandlerProcess.FreePort();
        var startInfo = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = output };
        foreach (var argument in description["arguments"]!.AsArray())
        {
            startInfo.ArgumentList.Add((string)argument!);
        }

        startInfo.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["Automations__Api__Keys__0"] = FunctionsHandlerProcess.ApiKey;
        startInfo.Environment["Automations__DataDir"] = Setup.Combine("published-data");

        // The example names agent 'example': a definition naming an agent no configuration names is not loaded.
        startInfo.Environment["Automations__Agents__example__Kind"] = "command";
        startInfo.Environment["Automations__Agents__example__Command"] = "true";
        await using var handler = await FunctionsHandlerProcess.AttachAsync(Process.Start(startInfo)!, port);

        var timer = await handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer.json"));
        var automations = await handler.ApiAsync("GET", "/automations");

        Assert.Equal(200, timer.Status);
        Assert.Equal("application/json", timer.MediaType);
        Assert.Equal(200, automations.Status);
        Assert.Contains(automations.Body.GetProperty("automations").EnumerateArray(), a => a.GetProperty("name").GetString() == "fix-typo");
    }
}
