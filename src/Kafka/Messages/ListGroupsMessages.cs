namespace Actors.Kafka.Messages;

/// <summary>ListGroups request (key 16, v0-4): every group, optionally only those in some states (v4+).</summary>
public sealed class ListGroupsRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.ListGroups;
    public List<string> StatesFilter { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 4) StatesFilter = c.Strings(StatesFilter);
        c.TaggedFields();
    }
}

/// <summary>ListGroups response (key 16, v0-4): each group's id, protocol type ("consumer") and, from v4, state.</summary>
public sealed class ListGroupsResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.ListGroups;
    public int ThrottleTimeMs { get; set; }
    public short ErrorCode { get; set; }
    public List<Group> Groups { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        ErrorCode = c.Int16(ErrorCode);
        Groups = c.Array(Groups);
        c.TaggedFields();
    }

    /// <summary>One group.</summary>
    public sealed class Group : IKafkaStruct
    {
        public string GroupId { get; set; } = "";
        public string ProtocolType { get; set; } = "";
        public string GroupState { get; set; } = "";

        public void Serde(KafkaCodec c)
        {
            GroupId = c.String(GroupId);
            ProtocolType = c.String(ProtocolType);
            if (c.Version >= 4) GroupState = c.String(GroupState);
            c.TaggedFields();
        }
    }
}
