using System.Buffers;

namespace Actors.Serialization;

/// <summary>
/// A serializer that writes a message after room for a frame's header, and reads one from a frame's bytes as they came
/// off a socket: a data link's frame then costs no second copy of its payload on either side (a publish batch of 500
/// messages is about 75 KB, past the large-object heap's threshold, so each copy was also a large-object allocation).
/// </summary>
public interface IFramedSerializer
{
    /// <summary>The message's bytes after <paramref name="headroom"/> bytes left for the caller to fill.</summary>
    byte[] ToBinary(object obj, int headroom);

    /// <summary>The message read from <paramref name="bytes"/>, which the caller may reuse once this returns.</summary>
    object FromBinary(ReadOnlySequence<byte> bytes, string manifest);
}
