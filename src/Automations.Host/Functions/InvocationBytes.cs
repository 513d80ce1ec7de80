using System.Buffers;

namespace Automations.Host.Functions;

/// <summary>An invocation's bytes, read whole into an array from the pool (which the caller gives back), without a UTF-8 byte order mark.</summary>
internal static class InvocationBytes
{
    private const int FirstSize = 16 * 1024;

    // What the array starts at when the request announces its length: never more, whatever it announces.
    private const int MostFirstSize = 1024 * 1024;

    public static async Task<(byte[] Bytes, int Length)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // One byte more than announced, so that the read that finds the end needs no bigger array.
        var bytes = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and < MostFirstSize ? (int)request.ContentLength + 1 : FirstSize);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == bytes.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(checked(bytes.Length * 2));
                    bytes.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(bytes);
                    bytes = bigger;
                }

                var read = await request.Body.ReadAsync(bytes.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(bytes);
            throw;
        }

        // As a JSON document read from a stream, a leading byte order mark is no part of the text.
        if (bytes.AsSpan(0, length).StartsWith("\uFEFF"u8))
        {
            bytes.AsSpan(3, length - 3).CopyTo(bytes);
            length -= 3;
        }

        return (bytes, length);
    }
}
