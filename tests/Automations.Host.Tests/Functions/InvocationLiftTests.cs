using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Host.Functions;
using Microsoft.AspNetCore.Http;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// An HTTP trigger's body lifted out of the invocation before the rest is parsed (<see cref="RequestBodyLift"/>):
/// the request read from it is the one a whole parse gives, and an invocation that is no JSON is refused with the
/// reason a whole parse gives, with its places counted in the invocation as sent.
/// </summary>
public sealed class InvocationLiftTests
{
    [Fact]
    public async Task AWebhookInvocation_ItsBodyIsLifted_AndReadsAsTheWholeParseReadsIt()
    {
        var body = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "github", "issues-labeled.json")));

        var (lifted, whole) = await BothAsync(Envelope(body));

        Assert.Equal(body, lifted.Lifted);
        Assert.Null(whole.Lifted);
        Assert.Equal(body, lifted.Request!.Body.ToArray());
        Assert.Equal(body, whole.Request!.Body.ToArray());
        Assert.Equal(whole.Request.Headers, lifted.Request.Headers);
        Assert.Equal(whole.Request.Url, lifted.Request.Url);
    }

    [Theory]
    [InlineData("a byte order mark before it", true, "\uFEFF{\"Data\":{\"req\":{\"Body\":\"after a mark\"}}}")]
    [InlineData("white space around the colon", true, "{ \"Data\" : { \"req\" : { \"Method\" : \"POST\" , \"Body\" :\r\n \"spaced \\\"out\\\"\" } } }")]
    [InlineData("its body twice", false, """{"Data":{"req":{"Method":"POST","Body":"first","Body":"second"}}}""")]
    [InlineData("its body in another letter case", false, """{"Data":{"req":{"Method":"POST","body":"lower case"}}}""")]
    [InlineData("a request given as text, encoded twice", false, """{"Data":{"req":"{\"Method\":\"POST\",\"Body\":\"inside\"}"}}""")]
    [InlineData("Data twice", false, """{"Data":{"req":{"Body":"first Data"}},"Data":{"req":{"Body":"second Data"}}}""")]
    [InlineData("a body that is JSON, not text", false, """{"Data":{"req":{"Method":"POST","Body":{"parsed":true}}}}""")]
    [InlineData("a body escaping a lone surrogate", false, """{"Data":{"req":{"Method":"POST","Body":"x \ud800 y"}}}""")]
    [InlineData("a base64 body", true, """{"Data":{"req":{"Method":"POST","Headers":{"Content-Type":["application/octet-stream"]},"Body":"AAEC/w=="}}}""")]
    [InlineData("no body", false, """{"Data":{"req":{"Method":"POST"}}}""")]
    public async Task UnusualInvocations_ReadAsAWholeParseReadsThem(string what, bool lifts, string json)
    {
        var (lifted, whole) = await BothAsync(Encoding.UTF8.GetBytes(json));

        // Where the body read is not the one lifted (a body or Data twice: the last counts), nothing lifted is used.
        Assert.True(whole.Request is not null || whole.Error is not null, what);
        Assert.True(lifts == lifted.Lifted is not null, $"{what}: lifted {lifted.Lifted is not null}");
        Assert.Equal(whole.Error, lifted.Error);
        Assert.Equal(whole.Request?.Body.ToArray(), lifted.Request?.Body.ToArray());
    }

    [Theory]
    [InlineData("a bad escape in the body", """{"Data":{"req":{"Body":"bad \x escape"}}}""")]
    [InlineData("a control character in the body", "{\"Data\":{\"req\":{\"Body\":\"tab\there\"}}}")]
    [InlineData("an unclosed body", """{"Data":{"req":{"Body":"never closed}}}""")]
    [InlineData("a broken rest after a good body", """{"Data":{"req":{"Body":"fine","Headers":{"A":[}}}}""")]
    [InlineData("a broken start before the body", """{"Data":{"req":{"Url":tru,"Body":"fine"}}}""")]
    [InlineData("something after the object", """{"Data":{"req":{"Body":"fine"}}} trailing""")]
    public async Task InvocationsThatAreNoJson_AreRefusedWithTheWholeParsesReason(string what, string json)
    {
        var (lifted, whole) = await BothAsync(Encoding.UTF8.GetBytes(json));

        Assert.Null(lifted.Request);
        Assert.StartsWith("the invocation is not JSON: ", whole.Error);
        Assert.True(whole.Error == lifted.Error, $"{what}: {lifted.Error} against {whole.Error}");
    }

    [Fact]
    public async Task ABodyOfBytesThatAreNoUtf8_PassesAsTheWholeParsePassesIt()
    {
        // Neither a JSON reader nor the lift looks into the bytes of a string: the delivery's own parse judges them.
        byte[] envelope = [.. """{"Data":{"req":{"Body":"bad """u8, 0xC3, 0x28, .. """ byte \n"}}}"""u8];

        var (lifted, whole) = await BothAsync(envelope);

        Assert.Equal([.. "bad "u8, 0xC3, 0x28, .. " byte \n"u8], whole.Request!.Body.ToArray());
        Assert.Equal(whole.Request.Body.ToArray(), lifted.Request!.Body.ToArray());
        Assert.NotNull(lifted.Lifted);
    }

    private static byte[] Envelope(byte[] body) => Encoding.UTF8.GetBytes(Invocations.Http(
        "http-current.json",
        "POST",
        "https://automations-app.example.net/webhooks/github",
        [new("Content-Type", "application/json"), new("X-GitHub-Event", "issues")],
        body).ToJsonString());

    private sealed record Read(HttpTriggerRequest? Request, string? Error, byte[]? Lifted);

    private static async Task<(Read Lifted, Read Whole)> BothAsync(byte[] envelope) => (await ReadAsync(envelope, lift: true), await ReadAsync(envelope, lift: false));

    private static async Task<Read> ReadAsync(byte[] envelope, bool lift)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(envelope);
        context.Request.ContentLength = envelope.Length;
        var (invocation, error) = await Invocation.ReadAsync(context.Request, CancellationToken.None, liftRequestBody: lift);
        if (invocation is null)
        {
            return new Read(null, error, null);
        }

        using (invocation)
        {
            var req = invocation.DataOf(FunctionDefinition.RequestBinding);
            var lifted = req.ValueKind == JsonValueKind.Object && req.TryGetProperty("Body", out var b) ? invocation.LiftedText(b) : null;
            var request = HttpTriggerRequest.Read(req, out error, invocation.LiftedText);
            return new Read(request, error, lifted?.ToArray());
        }
    }
}
