using System.Buffers;
using System.Security.Cryptography;

namespace Automations.Bench.Reference;

/// <summary>
/// The naive durable endpoint: read the whole body, verify the GitHub HMAC-SHA256 signature in constant
/// time, insert the delivery (one commit), answer 202. A delivery id seen before is answered 200.
/// </summary>
internal sealed class FloorEndpoint(byte[] secret, FloorStore store)
{
    public const long MaxBodyBytes = 1024 * 1024;

    private const string SignaturePrefix = "sha256=";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var deliveryId = request.Headers["X-GitHub-Delivery"].ToString();
        var eventName = request.Headers["X-GitHub-Event"].ToString();
        if (deliveryId.Length == 0 || eventName.Length == 0)
        {
            return TypedResults.BadRequest("X-GitHub-Delivery and X-GitHub-Event are required.");
        }

        using var buffer = new MemoryStream(request.ContentLength is > 0 and <= MaxBodyBytes ? (int)request.ContentLength.Value : 16 * 1024);
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        if (!SignatureMatches(body, request.Headers["X-Hub-Signature-256"].ToString()))
        {
            return TypedResults.Unauthorized();
        }

        // Once the body is verified, a client hanging up does not cancel the commit.
        var inserted = await store.InsertAsync(deliveryId, eventName, body, CancellationToken.None);
        return inserted ? TypedResults.StatusCode(StatusCodes.Status202Accepted) : TypedResults.Ok();
    }

    private bool SignatureMatches(byte[] body, string header)
    {
        if (!header.StartsWith(SignaturePrefix, StringComparison.Ordinal) || header.Length != SignaturePrefix.Length + (HMACSHA256.HashSizeInBytes * 2))
        {
            return false;
        }

        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(header.AsSpan(SignaturePrefix.Length), claimed, out _, out var written) != OperationStatus.Done
            || written != claimed.Length)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, claimed);
    }
}
