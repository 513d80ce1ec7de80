using System.Net;
using System.Net.Http.Headers;
using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

public sealed partial class GitHubClient
{
    public Task<ProviderResult<CheckRun>> GetCheckRunAsync(GitHubRepository repository, long checkRunId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return SendAsync<CheckRun>(repository, HttpMethod.Get, $"{repository.ApiPath}/check-runs/{Number(checkRunId)}", null, cancellationToken);
    }

    /// <summary>Every annotation of the check run, across every page.</summary>
    public Task<ProviderResult<IReadOnlyList<CheckRunAnnotation>>> ListCheckRunAnnotationsAsync(GitHubRepository repository, long checkRunId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return ListAsync<CheckRunAnnotation>(repository, $"{repository.ApiPath}/check-runs/{Number(checkRunId)}/annotations", cancellationToken);
    }

    /// <summary>
    /// An excerpt of a workflow job's log (<see cref="JobLogReader"/>). GitHub answers with a redirect to
    /// a short-lived download URL; that URL is fetched without the token, which stays with the API.
    /// </summary>
    public async Task<ProviderResult<JobLogExcerpt>> GetJobLogExcerptAsync(GitHubRepository repository, long jobId, CancellationToken cancellationToken, int maxLines = 80)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var token = await tokens.ForRepositoryAsync(repository, cancellationToken);
        if (!token.Succeeded)
        {
            return token.As<JobLogExcerpt>();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{repository.ApiPath}/actions/jobs/{Number(jobId)}/logs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value.Value);
        var sent = await ProviderCalls.SendAsync(http, request, Provider, cancellationToken);
        if (!sent.Succeeded)
        {
            return sent.As<JobLogExcerpt>();
        }

        using var response = sent.Value;
        if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.TemporaryRedirect or HttpStatusCode.SeeOther)
        {
            if (response.Headers.Location is not { } location)
            {
                return new ProviderError(Provider, ProviderErrorKind.InvalidResponse, "the job log answer is a redirect without a Location") { Status = response.StatusCode };
            }

            return await DownloadLogAsync(new Uri(request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(http.BaseAddress!, request.RequestUri), location), maxLines, cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            return await FailureAsync(request, response, cancellationToken);
        }

        return await ReadExcerptAsync(response, maxLines, cancellationToken);
    }

    private async Task<ProviderResult<JobLogExcerpt>> DownloadLogAsync(Uri location, int maxLines, CancellationToken cancellationToken)
    {
        // No Authorization header: the download URL is signed, and it is not GitHub's API host.
        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        var sent = await ProviderCalls.SendAsync(http, request, Provider, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        if (!sent.Succeeded)
        {
            return sent.As<JobLogExcerpt>();
        }

        using var response = sent.Value;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return ProviderCalls.Failure(Provider, request, response, $"the job log download failed: {ProviderCalls.Trim(body)}", _options.Retry);
        }

        return await ReadExcerptAsync(response, maxLines, cancellationToken);
    }

    private static async Task<ProviderResult<JobLogExcerpt>> ReadExcerptAsync(HttpResponseMessage response, int maxLines, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        return await JobLogReader.ExcerptAsync(reader, maxLines, cancellationToken);
    }
}
