namespace Actors.Kafka.Messages;

/// <summary>DescribeGroups request (key 15, v0-5): the groups to describe.</summary>
public sealed class DescribeGroupsRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.DescribeGroups;
    public List<string> Groups { get; set; } = [];
    public bool IncludeAuthorizedOperations { get; set; }

    public void Serde(KafkaCodec c)
    {
        Groups = c.Strings(Groups);
        if (c.Version >= 3) IncludeAuthorizedOperations = c.Bool(IncludeAuthorizedOperations);
        c.TaggedFields();
    }
}

/// <summary>DescribeGroups response (key 15, v0-5): each group's state, protocol and members with their assignments.</summary>
public sealed class DescribeGroupsResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.DescribeGroups;
    public int ThrottleTimeMs { get; set; }
    public List<Group> Groups { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        Groups = c.Array(Groups);
        c.TaggedFields();
    }

    /// <summary>One group.</summary>
    public sealed class Group : IKafkaStruct
    {
        public short ErrorCode { get; set; }
        public string GroupId { get; set; } = "";
        public string GroupState { get; set; } = "";
        public string ProtocolType { get; set; } = "";
        public string ProtocolData { get; set; } = "";
        public List<Member> Members { get; set; } = [];
        public int AuthorizedOperations { get; set; } = int.MinValue;

        public void Serde(KafkaCodec c)
        {
            ErrorCode = c.Int16(ErrorCode);
            GroupId = c.String(GroupId);
            GroupState = c.String(GroupState);
            ProtocolType = c.String(ProtocolType);
            ProtocolData = c.String(ProtocolData);
            Members = c.Array(Members);
            if (c.Version >= 3) AuthorizedOperations = c.Int32(AuthorizedOperations);
            c.TaggedFields();
        }
    }

    /// <summary>One member of a group.</summary>
    public sealed class Member : IKafkaStruct
    {
        public string MemberId { get; set; } = "";
        public string? GroupInstanceId { get; set; }
        public string ClientId { get; set; } = "";
        public string ClientHost { get; set; } = "";
        public ReadOnlyMemory<byte> MemberMetadata { get; set; }
        public ReadOnlyMemory<byte> MemberAssignment { get; set; }

        public void Serde(KafkaCodec c)
        {
            MemberId = c.String(MemberId);
            if (c.Version >= 4) GroupInstanceId = c.NullableString(GroupInstanceId);
            ClientId = c.String(ClientId);
            ClientHost = c.String(ClientHost);
            MemberMetadata = c.Bytes(MemberMetadata);
            MemberAssignment = c.Bytes(MemberAssignment);
            c.TaggedFields();
        }
    }
}
