using Automations.Core.Ports;
using Automations.Integrations.Actions;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;
using Automations.Integrations.Linear;
using Automations.Integrations.Sentry;
using Automations.Integrations.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automations.Integrations;

/// <summary>The provider clients: GitHub, Slack, Linear and Sentry, each a typed HttpClient with its options and retry pipeline.</summary>
public static class IntegrationsServiceCollectionExtensions
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<GitHubClientOptions>().Bind(configuration.GetSection(GitHubClientOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GitHubClientOptions>, GitHubClientOptionsValidator>();
        AddClient<GitHubClient, GitHubClientOptions>(services, GitHubClient.HttpClientName, GitHubClient.Provider, new GitHubRetryRules(), http =>
        {
            http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
            http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        });
        services.AddSingleton<IGitHubTokens>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GitHubClientOptions>>().Value;
            if (!options.UsesApp)
            {
                return new StaticGitHubTokens(options.Token);
            }

            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new GitHubAppTokens(
                () => factory.CreateClient(GitHubClient.HttpClientName), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GitHubAppTokens>>());
        });
        services.AddSingleton<IGitCredentials>(sp =>
            new GitHubGitCredentials(sp.GetRequiredService<IGitHubTokens>(), sp.GetRequiredService<IOptions<GitHubClientOptions>>().Value));

        services.AddSingleton<SlackNames>();
        AddProvider<SlackClient, SlackClientOptions>(services, configuration, SlackClientOptions.Section, SlackClient.HttpClientName, SlackClient.Provider, RetryRules.Default);
        AddProvider<LinearClient, LinearClientOptions>(services, configuration, LinearClientOptions.Section, LinearClient.HttpClientName, LinearClient.Provider, new LinearRetryRules());
        AddProvider<SentryClient, SentryClientOptions>(services, configuration, SentryClientOptions.Section, SentryClient.HttpClientName, SentryClient.Provider, RetryRules.Default);

        return services;
    }

    /// <summary>
    /// The actions built on the clients, what a session does outside once its agent is done, and the
    /// context a trigger's provider adds to a prompt. They need the session and delivery stores.
    /// </summary>
    public static IServiceCollection AddSessionActions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ActionsOptions>().Bind(configuration.GetSection(ActionsOptions.Section));
        services.AddHttpClient(ResultWebhookStep.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.AddSingleton<PullRequestStep>();
        services.AddSingleton<FollowUpStep>();
        services.AddSingleton<MergeStep>();
        services.AddSingleton<NotifyStep>();
        services.AddSingleton<SlackThreadStep>();
        services.AddSingleton<IssueCommentStep>();
        services.AddSingleton<ResultWebhookStep>();
        services.AddSingleton<CheckRunStep>();
        services.AddSingleton<ISessionActions, SessionActions>();
        services.AddSingleton<ITriggerContext, SentryTriggerContext>();
        return services;
    }

    private static void AddProvider<TClient, TOptions>(IServiceCollection services, IConfiguration configuration, string section, string name, string provider, RetryRules rules)
        where TClient : class
        where TOptions : class, IProviderOptions
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new ProviderOptionsValidator<TOptions>(section));
        AddClient<TClient, TOptions>(services, name, provider, rules, _ => { });
    }

    private static void AddClient<TClient, TOptions>(IServiceCollection services, string name, string provider, RetryRules rules, Action<HttpClient> configure)
        where TClient : class
        where TOptions : class, IProviderOptions
    {
        services.AddHttpClient<TClient>(name, (sp, http) =>
            {
                http.BaseAddress = ApiUrls.BaseAddress(sp.GetRequiredService<IOptions<TOptions>>().Value.ApiUrl);
                // Each attempt has its own timeout in the retry handler; rate-limit waits may be longer than any one attempt.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Automations");
                configure(http);
            })
            // Redirects are followed by hand where an API uses them (job logs), and never with the token.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddHttpMessageHandler(sp => new ResilienceHandler(
                provider,
                sp.GetRequiredService<IOptions<TOptions>>().Value.Retry,
                rules,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Automations.Integrations.{provider}")))
            // The factory's own request logging would write URLs (a log download's is signed); retries log what matters.
            .RemoveAllLoggers();
    }
}
