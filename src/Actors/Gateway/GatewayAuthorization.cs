using Actors.Consumers;
using Actors.Partitions;
using Actors.Security;
using Actors.Topics;

namespace Actors.Gateway;

/// <summary>
/// What each request of the native gateway needs of its principal's ACLs, and how a denied one is answered so the
/// client's own code path reports it: a publish gets <see cref="PublishRejected"/> with <see cref="PublishError.Denied"/>
/// (the producer fails that publish and goes on), a topic request <see cref="TopicNotFound"/> with the line, anything
/// else a <see cref="Status.Failure"/> the client's ask throws. Publishing needs produce on the topic; consuming,
/// seeking, acking and resetting need consume on the topic and on the group; seeing a topic, any permission on it;
/// creating and deleting, admin on it; cluster membership and users, admin on the cluster. Whatever no rule here
/// knows needs admin on the cluster, so a new request type is closed until someone opens it.
/// </summary>
public static class GatewayAuthorization
{
    public const string Door = "native gateway";

    /// <summary>Null when <paramref name="principal"/> may send <paramref name="message"/>; else the denial line (logged).</summary>
    public static string? Check(Security.Security security, string principal, object message)
    {
        if (!security.Enabled) return null;
        string? Need(AclPermission permission, AclResource resource, string name) => security.Deny(principal, permission, resource, name, Door);
        string? See(TopicName topic) => security.DenySee(principal, AclResource.Topic, topic.Value, Door);
        string? Consume(TopicName topic, GroupName group) =>
            Need(AclPermission.Consume, AclResource.Topic, topic.Value) ?? Need(AclPermission.Consume, AclResource.Group, group.Value);

        return message switch
        {
            // A data link speaks for the session that offers it: each message on it is checked here as it arrives.
            ListGateways or GetClusterState or ListTopics or ListExternalGroups or OpenDataLink => null,
            Publish publish => Need(AclPermission.Produce, AclResource.Topic, publish.Topic.Value),
            PublishBatch or AppendBatch or Append => Need(AclPermission.Produce, AclResource.Topic, ((IWithTopic)message).Topic.Value),
            OpenConsumer open => Consume(open.Topic, open.Group),
            SeekPartition seek => Consume(seek.Topic, seek.Group),
            Ack ack => Consume(ack.Topic, ack.Group),
            AckBatch ack => Consume(ack.Topic, ack.Group),
            Nack nack => Consume(nack.Topic, nack.Group),
            UnsubscribePartition unsubscribe => Consume(unsubscribe.Topic, unsubscribe.Group),
            ResetGroup reset => Consume(reset.Topic, reset.Group),
            DescribeGroup describe => See(describe.Topic) ?? Need(AclPermission.Consume, AclResource.Group, describe.Group.Value),
            ReadPartition read => Need(AclPermission.Consume, AclResource.Topic, read.Topic.Value),
            GetPartitionStatus or DescribePartition or GetPartitionOffsets or GetTopic => See(((IWithTopic)message).Topic),
            CreateTopic or DeleteTopic or DeletePartition => Need(AclPermission.Admin, AclResource.Topic, ((IWithTopic)message).Topic.Value),
            _ => Need(AclPermission.Admin, AclResource.Cluster, "*"),
        };
    }

    /// <summary>Answers <paramref name="message"/>'s sender that it was denied, in the reply its client code understands.</summary>
    public static void Refuse(object message, string line, IActorRef sender)
    {
        switch (message)
        {
            case Publish publish:
                sender.Tell(new PublishRejected(publish.Topic, line, publish.CorrelationId, PublishError.Denied));
                break;
            case PublishBatch batch:
                foreach (var publish in batch.Publishes) sender.Tell(new PublishRejected(batch.Topic, line, publish.CorrelationId, PublishError.Denied));
                break;
            case AppendBatch batch:
                sender.Tell(new PublishRejected(batch.Topic, line, batch.CorrelationId, PublishError.Denied));
                break;
            case Append append:
                sender.Tell(new PublishRejected(append.Topic, line, append.CorrelationId, PublishError.Denied));
                break;
            case CreateTopic or GetTopic or DeleteTopic:
                sender.Tell(new TopicNotFound(((IWithTopic)message).Topic, line));
                break;
            default:
                sender.Tell(new Status.Failure(new UnauthorizedAccessException(line)));
                break;
        }
    }

    /// <summary>The topics of <paramref name="list"/> that <paramref name="principal"/> may see.</summary>
    public static TopicList Filter(Security.Security security, string principal, TopicList list) =>
        security.Enabled ? new TopicList(list.Topics.Where(t => security.Sees(principal, AclResource.Topic, t.Name.Value)).ToList()) : list;

    /// <summary>The groups of <paramref name="list"/> that <paramref name="principal"/> may see.</summary>
    public static ExternalGroupList Filter(Security.Security security, string principal, ExternalGroupList list) =>
        security.Enabled ? new ExternalGroupList(list.Groups.Where(g => security.Sees(principal, AclResource.Group, g.Group.Value)).ToList()) : list;
}
