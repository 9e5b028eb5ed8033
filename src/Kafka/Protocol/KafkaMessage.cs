namespace Actors.Kafka.Protocol;

/// <summary>
/// Reads and writes whole message bodies at a version: sets the codec's version and flexible mode from
/// <see cref="SupportedApis"/>, then runs the message's <c>Serde</c>.
/// </summary>
public static class KafkaMessage
{
    /// <summary>Reads a body of <typeparamref name="T"/> at <paramref name="version"/> from <paramref name="reader"/>.</summary>
    public static T Read<T>(KafkaReader reader, short version) where T : IKafkaMessage, new()
    {
        var message = new T();
        Begin(reader, message.Api, version);
        message.Serde(reader);
        return message;
    }

    /// <summary>Reads a body into the empty <paramref name="message"/> and returns it.</summary>
    public static IKafkaMessage Read(IKafkaMessage message, KafkaReader reader, short version)
    {
        Begin(reader, message.Api, version);
        message.Serde(reader);
        return message;
    }

    /// <summary>Reads a body of <typeparamref name="T"/> from its own bytes.</summary>
    public static T Read<T>(ReadOnlyMemory<byte> body, short version) where T : IKafkaMessage, new() =>
        Read<T>(new KafkaReader(body), version);

    /// <summary>Writes <paramref name="message"/> at <paramref name="version"/>.</summary>
    public static void Write(IKafkaMessage message, short version, IBufferWriter<byte> output)
    {
        var writer = new KafkaWriter(output);
        Begin(writer, message.Api, version);
        message.Serde(writer);
    }

    /// <summary>The bytes of <paramref name="message"/> at <paramref name="version"/> (specs and small messages).</summary>
    public static byte[] ToBytes(IKafkaMessage message, short version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(message, version, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Begin(KafkaCodec c, ApiKey api, short version)
    {
        c.Version = version;
        c.Flexible = SupportedApis.Of(api).IsFlexible(version);
    }
}
