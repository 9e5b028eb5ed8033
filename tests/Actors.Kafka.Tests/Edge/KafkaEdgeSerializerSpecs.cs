
namespace Actors.Kafka.Edge;

/// <summary>The edge's wire messages round-trip through its serializer (bound by the edge's reference config); broker ids are stable and positive.</summary>
public sealed class KafkaEdgeSerializerSpecs(ITestOutputHelper output) : TestKit(TestConfig.ClusterNode().WithFallback(KafkaEdgeHostingExtensions.DefaultConfig()), output: output)
{
    public static TheoryData<string> MessageNames => new(Samples.Keys);

    private static Dictionary<string, object> Samples => new()
    {
        ["GetKafkaEndpoint"] = GetKafkaEndpoint.Instance,
        ["KafkaEndpoint"] = new KafkaEndpoint("10.0.0.7", 9092),
    };

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Should_round_trip_every_wire_message(string name)
    {
        // arrange
        var original = Samples[name];
        var serializer = Sys.Serialization.FindSerializerFor(original);

        // act
        var bytes = serializer.ToBinary(original);
        var copy = Sys.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, original));

        // assert
        Assert.IsType<KafkaEdgeSerializer>(serializer);
        Assert.Equal(KafkaEdgeSerializer.Id, serializer.Identifier);
        Assert.Equal(original, copy);
    }

    [Fact]
    public void Should_give_each_address_a_stable_positive_broker_id()
    {
        // act
        var one = BrokerIds.Of("127.0.0.1", 4053);
        var again = BrokerIds.Of(new Address("akka.tcp", "actors", "127.0.0.1", 4053));
        var other = BrokerIds.Of("127.0.0.1", 4054);

        // assert
        Assert.Equal(one, again);
        Assert.NotEqual(one, other);
        Assert.True(one > 0 && other > 0);
    }

    [Fact]
    public void Should_keep_create_time_and_refuse_a_header_value_that_is_not_utf8()
    {
        // arrange
        var good = Records.RecordBatch.Of([new Records.KafkaRecord(0, 1234, null, null, [new Records.RecordHeader("h", null)])]);
        var bad = Records.RecordBatch.Of([new Records.KafkaRecord(0, 1234, null, new byte[] { 1 }, [new Records.RecordHeader("h", new byte[] { 0xFF })])]);

        // act
        var message = RecordConversion.ToMessages(good).Single();
        var refused = Assert.Throws<RecordRefusedException>(() => RecordConversion.ToMessages(bad));

        // assert: a null value is an empty payload, a null header value an empty string
        Assert.Equal((null, 0, "", 1234L), (message.Key, message.Payload.Length, message.Headers["h"], message.CreateTime!.Value.ToUnixTimeMilliseconds()));
        Assert.Contains("header 'h'", refused.Message, StringComparison.Ordinal);
    }
}
