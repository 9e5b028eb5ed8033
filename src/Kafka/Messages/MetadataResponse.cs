namespace Actors.Kafka.Messages;

/// <summary>
/// Metadata response (key 3, v0-9): the brokers (node id, host, port) and, per topic, each partition's leader,
/// replicas and in-sync replicas. Clients send a partition's Produce and Fetch to its leader, so this is what
/// routes them to the node that hosts the partition.
/// </summary>
public sealed class MetadataResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.Metadata;
    public int ThrottleTimeMs { get; set; }
    public List<Broker> Brokers { get; set; } = [];
    public string? ClusterId { get; set; }
    public int ControllerId { get; set; } = -1;
    public List<Topic> Topics { get; set; } = [];
    public int ClusterAuthorizedOperations { get; set; } = int.MinValue;

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 3) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        Brokers = c.Array(Brokers);
        if (c.Version >= 2) ClusterId = c.NullableString(ClusterId);
        if (c.Version >= 1) ControllerId = c.Int32(ControllerId);
        Topics = c.Array(Topics);
        if (c.Version >= 8) ClusterAuthorizedOperations = c.Int32(ClusterAuthorizedOperations);
        c.TaggedFields();
    }

    /// <summary>A broker clients may connect to.</summary>
    public sealed class Broker : IKafkaStruct
    {
        public int NodeId { get; set; }
        public string Host { get; set; } = "";
        public int Port { get; set; }
        public string? Rack { get; set; }

        public void Serde(KafkaCodec c)
        {
            NodeId = c.Int32(NodeId);
            Host = c.String(Host);
            Port = c.Int32(Port);
            if (c.Version >= 1) Rack = c.NullableString(Rack);
            c.TaggedFields();
        }
    }

    /// <summary>A topic's partitions, or the error that stands for it (unknown topic).</summary>
    public sealed class Topic : IKafkaStruct
    {
        public short ErrorCode { get; set; }
        public string Name { get; set; } = "";
        public bool IsInternal { get; set; }
        public List<Partition> Partitions { get; set; } = [];
        public int TopicAuthorizedOperations { get; set; } = int.MinValue;

        public void Serde(KafkaCodec c)
        {
            ErrorCode = c.Int16(ErrorCode);
            Name = c.String(Name);
            if (c.Version >= 1) IsInternal = c.Bool(IsInternal);
            Partitions = c.Array(Partitions);
            if (c.Version >= 8) TopicAuthorizedOperations = c.Int32(TopicAuthorizedOperations);
            c.TaggedFields();
        }
    }

    /// <summary>A partition's leader and replicas.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public short ErrorCode { get; set; }
        public int PartitionIndex { get; set; }
        public int LeaderId { get; set; }
        public int LeaderEpoch { get; set; } = -1;
        public List<int> ReplicaNodes { get; set; } = [];
        public List<int> IsrNodes { get; set; } = [];
        public List<int> OfflineReplicas { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            ErrorCode = c.Int16(ErrorCode);
            PartitionIndex = c.Int32(PartitionIndex);
            LeaderId = c.Int32(LeaderId);
            if (c.Version >= 7) LeaderEpoch = c.Int32(LeaderEpoch);
            ReplicaNodes = c.Int32s(ReplicaNodes);
            IsrNodes = c.Int32s(IsrNodes);
            if (c.Version >= 5) OfflineReplicas = c.Int32s(OfflineReplicas);
            c.TaggedFields();
        }
    }
}
