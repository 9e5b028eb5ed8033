namespace Actors.Kafka.Messages;

/// <summary>Checks a message against bytes both ways: writing gives the bytes, reading them and writing again gives them back.</summary>
public static class MessageAssert
{
    public static void Encodes(IKafkaMessage message, short version, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(KafkaMessage.ToBytes(message, version)));
        var bytes = Convert.FromHexString(expectedHex);
        var reread = Reread(message.GetType(), bytes, version, out var left);
        Assert.Equal(0, left);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(KafkaMessage.ToBytes(reread, version)));
    }

    /// <summary>Reads <paramref name="bytes"/> as a <paramref name="type"/> at <paramref name="version"/>.</summary>
    public static IKafkaMessage Reread(Type type, byte[] bytes, short version, out int left)
    {
        var message = (IKafkaMessage)Activator.CreateInstance(type)!;
        var reader = new KafkaReader(bytes)
        {
            Version = version,
            Flexible = SupportedApis.Of(message.Api).IsFlexible(version),
        };
        message.Serde(reader);
        left = reader.Remaining;
        return message;
    }
}
