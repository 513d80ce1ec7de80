using System.Buffers;
using K4os.Compression.LZ4;

namespace Automations.Storage.Sql;

/// <summary>
/// A delivery's body as the store keeps it: an LZ4 block where that saves at least an eighth of it, with
/// the body's own length in <c>body_size</c>; as it came, with <c>body_size</c> null, otherwise. A GitHub
/// delivery (12 KB of JSON) packs to about 3 KB, which fits in the row's own page: SQLite then writes one
/// page per delivery to its log, and again at the checkpoint, instead of four. PostgreSQL compresses bodies
/// itself (schema 020), so its dialect stores them as they came (<see cref="SqlDatabase.PacksBodies"/>).
/// </summary>
internal static class DeliveryBody
{
    /// <summary>Below this, a body is stored as it came: too small to gain a page.</summary>
    internal const int SmallestPacked = 512;

    /// <summary>The body to store, and its length when what is stored is packed.</summary>
    public static (byte[] Stored, long? Size) Pack(ReadOnlySpan<byte> body)
    {
        if (body.Length < SmallestPacked)
        {
            return (body.ToArray(), null);
        }

        var room = body.Length - (body.Length / 8);
        var buffer = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(body.Length));
        try
        {
            var packed = LZ4Codec.Encode(body, buffer, LZ4Level.L00_FAST);
            return packed > 0 && packed <= room ? (buffer.AsSpan(0, packed).ToArray(), body.Length) : (body.ToArray(), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The body as it came, from what <see cref="Pack"/> stored.</summary>
    /// <exception cref="InvalidDataException">The stored block does not unpack to <paramref name="size"/> bytes.</exception>
    public static byte[] Unpack(byte[] stored, long? size)
    {
        if (size is not { } length)
        {
            return stored;
        }

        var body = new byte[length];
        var unpacked = LZ4Codec.Decode(stored, body);
        return unpacked == length
            ? body
            : throw new InvalidDataException($"a stored delivery body does not unpack: {stored.Length} bytes of LZ4 gave {unpacked} of the {length} recorded");
    }
}
