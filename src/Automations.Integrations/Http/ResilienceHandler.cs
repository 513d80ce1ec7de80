using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Automations.Integrations.Http;

/// <summary>
/// Sends each request through a Polly retry pipeline: network errors, timeouts and 5xx back off
/// exponentially with jitter; rate limits wait as long as the provider asks (<see cref="RetryRules"/>),
/// unless that is longer than <see cref="HttpRetryOptions.MaxWait"/>. Waits run on the injected
/// <see cref="TimeProvider"/>. The last answer is handed back as it is, with a <see cref="RetryState"/>
/// on the request so the client can say why it gave up.
/// </summary>
public sealed partial class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<RetryAdvice> AdviceKey = new("Automations.RetryAdvice");

    private readonly string _provider;
    private readonly HttpRetryOptions _options;
    private readonly RetryRules _rules;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilienceHandler(string provider, HttpRetryOptions options, RetryRules rules, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _provider = provider;
        _options = options;
        _rules = rules;
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxWait,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is not null && args.Context.Properties.TryGetValue(AdviceKey, out var advice) ? advice.Delay : null),
                OnRetry = args =>
                {
                    LogRetry(args.Outcome, args.AttemptNumber + 1, args.RetryDelay, args.Context);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var attempts = 0;
        try
        {
            var response = await _pipeline.ExecuteAsync(
                async ctx =>
                {
                    attempts++;
                    ctx.Properties.Set(AdviceKey, RetryAdvice.None);
                    var answer = await SendOnceAsync(request, ctx.CancellationToken);
                    var advice = await _rules.AdviseAsync(answer, _time.GetUtcNow(), ctx.CancellationToken);
                    ctx.Properties.Set(AdviceKey, advice);
                    request.Options.Set(RetryState.Key, new RetryState(advice, attempts));
                    return answer;
                },
                context);
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.AttemptTimeout);
        try
        {
            return await base.SendAsync(request, attempt.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{_provider} did not answer within {_options.AttemptTimeout}.", ex);
        }
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutException;
        }

        if (!context.Properties.TryGetValue(AdviceKey, out var advice) || !advice.ShouldRetry)
        {
            return false;
        }

        // A provider that asks for a longer wait than allowed is not waited for: the caller gets the answer.
        return advice.Delay is not { } delay || delay <= _options.MaxWait;
    }

    private void LogRetry(Outcome<HttpResponseMessage> outcome, int attempt, TimeSpan delay, ResilienceContext context)
    {
        if (outcome.Exception is { } exception)
        {
            Log.RetryingAfterError(_logger, _provider, exception.GetType().Name, attempt, delay);
            return;
        }

        var kind = context.Properties.TryGetValue(AdviceKey, out var advice) ? advice.Kind : RetryKind.Transient;
        Log.Retrying(_logger, _provider, (int)outcome.Result!.StatusCode, kind, attempt, delay);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "{Provider} answered {Status} ({Kind}); retry {Attempt} in {Delay}")]
        public static partial void Retrying(ILogger logger, string provider, int status, RetryKind kind, int attempt, TimeSpan delay);

        [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "{Provider} could not be reached ({Error}); retry {Attempt} in {Delay}")]
        public static partial void RetryingAfterError(ILogger logger, string provider, string error, int attempt, TimeSpan delay);
    }
}
