using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>
/// GitHub's REST API, the few calls the engine makes, with the documented shapes: pull requests,
/// issue comments, labels, reviewers, check runs and annotations, job logs (a 302 to a download),
/// reviews and review comments, paged with <c>Link</c> headers; a GitHub App's installation tokens.
/// Tokens are checked: a plain one from <see cref="AddToken"/>, or an installation token it issued.
/// It refuses what GitHub refuses: a pull request from a branch it does not have or with no commits
/// over its base (422), a comment on an issue that does not exist (404).
/// </summary>
public sealed partial class FakeGitHub : FakeServer
{
    /// <summary>The commit <c>main</c> points at when no git root says otherwise.</summary>
    private const string MainSha = "fedcba9876543210fedcba9876543210fedcba98";

    private readonly Lock _state = new();
    private readonly TimeProvider _time;
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly List<(long Installation, string Token, DateTimeOffset ExpiresAt)> _issued = [];
    private readonly Dictionary<string, long> _installations = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FakePullRequest> _pullRequests = [];
    private readonly Dictionary<string, int> _numbers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string, int), List<JsonObject>> _comments = [];
    private readonly Dictionary<(string, int), List<JsonObject>> _reviews = [];
    private readonly Dictionary<(string, int), List<JsonObject>> _reviewComments = [];
    private readonly HashSet<(string Repository, int Number)> _issues = [];
    private long _nextId = 1000;
    private RSA? _appKey;
    private long _appId;

    private FakeGitHub(TimeProvider time) => _time = time;

    /// <summary>The largest page it answers, whatever <c>per_page</c> asks: small to make a few items span pages. Default 100, as GitHub's.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>How long the installation tokens it issues last. Default 1 hour, as GitHub's.</summary>
    public TimeSpan InstallationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public static async Task<FakeGitHub> StartAsync(TimeProvider? time = null)
    {
        var server = new FakeGitHub(time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>A token the API takes as it is (a personal access token).</summary>
    public void AddToken(string token)
    {
        lock (_state)
        {
            _tokens.Add(token);
        }
    }

    /// <summary>A GitHub App whose JWTs, signed with the private half of <paramref name="publicKey"/>, get installation tokens.</summary>
    public void RegisterApp(long appId, RSA publicKey, IReadOnlyDictionary<string, long> installations)
    {
        lock (_state)
        {
            _appId = appId;
            _appKey = publicKey;
            foreach (var (repository, installation) in installations)
            {
                _installations[repository] = installation;
            }
        }
    }

    /// <summary>The installation tokens issued so far, in order.</summary>
    public IReadOnlyList<(long Installation, string Token, DateTimeOffset ExpiresAt)> IssuedTokens
    {
        get
        {
            lock (_state)
            {
                return [.. _issued];
            }
        }
    }

    public IReadOnlyList<FakePullRequest> PullRequests
    {
        get
        {
            lock (_state)
            {
                return [.. _pullRequests];
            }
        }
    }

    /// <summary>An issue's number, taken from the same sequence as pull requests, as on GitHub.</summary>
    public int AddIssue(string repository)
    {
        lock (_state)
        {
            var number = NextNumber(repository);
            _issues.Add((repository, number));
            return number;
        }
    }

    /// <summary>An issue of a number given by a delivery the test sends; later numbers follow it.</summary>
    public void AddIssue(string repository, int number)
    {
        lock (_state)
        {
            _issues.Add((repository, number));
            _numbers[repository] = Math.Max(_numbers.GetValueOrDefault(repository), number);
        }
    }

    public FakePullRequest AddPullRequest(string repository, string head, string @base = "main", string title = "A change")
    {
        lock (_state)
        {
            var pullRequest = new FakePullRequest { Repository = repository, Number = NextNumber(repository), Title = title, HeadOwner = repository.Split('/')[0], Head = head, Base = @base };
            _pullRequests.Add(pullRequest);
            return pullRequest;
        }
    }

    public IReadOnlyList<JsonObject> Comments(string repository, int number)
    {
        lock (_state)
        {
            return _comments.TryGetValue((repository, number), out var list) ? [.. list] : [];
        }
    }

    public void AddComment(string repository, int number, string body, string author = "octocat") =>
        Add(_comments, (repository, number), Comment(repository, number, body, author));

    public void AddReview(string repository, int number, string author, string state, string body) =>
        Add(_reviews, (repository, number), new JsonObject
        {
            ["id"] = NextId(), ["user"] = User(author), ["body"] = body, ["state"] = state, ["commit_id"] = "0123456789abcdef0123456789abcdef01234567",
            ["submitted_at"] = Now(), ["html_url"] = $"https://github.example/{repository}/pull/{number}#review",
        });

    public void AddReviewComment(string repository, int number, string author, string path, int? line, string body, long reviewId = 1) =>
        Add(_reviewComments, (repository, number), new JsonObject
        {
            ["id"] = NextId(), ["pull_request_review_id"] = reviewId, ["path"] = path, ["line"] = line, ["original_line"] = line ?? 1, ["side"] = "RIGHT",
            ["body"] = body, ["user"] = User(author), ["commit_id"] = "0123456789abcdef0123456789abcdef01234567", ["created_at"] = Now(),
            ["html_url"] = $"https://github.example/{repository}/pull/{number}#discussion",
        });

    private void Add(Dictionary<(string, int), List<JsonObject>> store, (string, int) key, JsonObject item)
    {
        lock (_state)
        {
            if (!store.TryGetValue(key, out var list))
            {
                store[key] = list = [];
            }

            list.Add(item);
        }
    }

    private JsonObject Comment(string repository, int number, string body, string author) => new()
    {
        ["id"] = NextId(), ["body"] = body, ["user"] = User(author), ["created_at"] = Now(),
        ["html_url"] = $"https://github.example/{repository}/issues/{number}#issuecomment",
    };

    private int NextNumber(string repository) => _numbers[repository] = _numbers.GetValueOrDefault(repository) + 1;

    /// <summary>Whether <paramref name="number"/> is an issue or a pull request of <paramref name="repository"/>.</summary>
    private bool IssueExists(string repository, int number)
    {
        lock (_state)
        {
            return _issues.Contains((repository, number)) || _pullRequests.Any(p => p.Repository == repository && p.Number == number);
        }
    }

    private long NextId() => Interlocked.Increment(ref _nextId);

    private string Now() => _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static JsonObject User(string login) => new() { ["login"] = login, ["id"] = Math.Abs(login.GetHashCode(StringComparison.Ordinal)), ["type"] = login.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User" };

    /// <summary>True when the request carries a token this server takes; else the answer is written (401).</summary>
    private async Task<bool> AuthorizedAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : header.StartsWith("token ", StringComparison.Ordinal) ? header[6..] : null;
        lock (_state)
        {
            var now = _time.GetUtcNow();
            if (token is not null && (_tokens.Contains(token) || _issued.Any(i => i.Token == token && i.ExpiresAt > now)))
            {
                return true;
            }
        }

        await Json(context, 401, new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = "https://docs.github.com/rest" });
        return false;
    }

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static Task NotFound(HttpContext context) =>
        Json(context, 404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest" });

    /// <summary>One page of <paramref name="items"/> (<c>per_page</c>, default 30, at most 100; <c>page</c> from 1) with <c>Link</c> next and last.</summary>
    private Task Page(HttpContext context, IReadOnlyList<JsonNode> items) => Json(context, 200, new JsonArray([.. PageOf(context, items)]));

    /// <summary>The requested page's items (cloned), with the <c>Link</c> header set when more follow.</summary>
    private IEnumerable<JsonNode> PageOf(HttpContext context, IReadOnlyList<JsonNode> items)
    {
        var perPage = Math.Clamp(int.TryParse(context.Request.Query["per_page"], out var p) ? p : 30, 1, MaxPageSize);
        var page = Math.Max(1, int.TryParse(context.Request.Query["page"], out var n) ? n : 1);
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        if (page < last)
        {
            string Link(int target)
            {
                var query = context.Request.Query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"page={target}");
                return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?{string.Join('&', query)}";
            }

            context.Response.Headers["Link"] = $"<{Link(page + 1)}>; rel=\"next\", <{Link(last)}>; rel=\"last\"";
        }

        return items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone());
    }
}
