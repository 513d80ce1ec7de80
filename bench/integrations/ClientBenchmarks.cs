using Automations.Integrations;
using Automations.Integrations.GitHub;
using Automations.Testing.Fakes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Bench.Integrations;

/// <summary>
/// One <c>GET /repos/acme/web/pulls/1</c> against the fake GitHub on 127.0.0.1: through the whole
/// client (token, retry pipeline, JSON into a record) and, for reference, a bare HttpClient reading the
/// same answer as a string. The difference is what the client adds to a call that succeeds.
/// </summary>
[MemoryDiagnoser]
public class ClientBenchmarks
{
    private const string Token = "ghp_benchToken";
    private static readonly GitHubRepository Repo = new("acme", "web");
    private FakeGitHub _github = null!;
    private ServiceProvider _services = null!;
    private GitHubClient _client = null!;
    private HttpClient _bare = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _github = await FakeGitHub.StartAsync();
        _github.AddToken(Token);
        _github.AddPullRequest("acme/web", "automations/fix/s1");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Automations:GitHub:ApiUrl"] = _github.Url.ToString(),
            ["Automations:GitHub:Token"] = Token,
        }).Build();
        _services = new ServiceCollection().AddLogging().AddIntegrations(configuration).BuildServiceProvider();
        _client = _services.GetRequiredService<GitHubClient>();
        _bare = new HttpClient { BaseAddress = _github.Url };
        _bare.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _bare.Dispose();
        await _services.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<string> BareHttpClient() => _bare.GetStringAsync("repos/acme/web/pulls/1");

    [Benchmark]
    public async Task<int> GitHubClientGetPullRequest() => (await _client.GetPullRequestAsync(Repo, 1, CancellationToken.None)).Value!.Number;
}
