using Actors.Consumers;
using Actors.Gateway;
using Actors.Partitions;
using Actors.Streams.Pipelines.Hosting;
using Actors.Topics;

namespace Actors.Nodes.Gateway;

/// <summary>
/// The one well-known actor of a node (<c>/user/</c><see cref="GatewayProtocol.ActorName"/>) through which
/// programs outside the cluster, such as the <c>actors</c> command line, reach the topics and pipelines: publishes
/// go to the topic's router, partition commands to the partition shards, topic commands to the registry, pipeline
/// commands to the pipeline registry, each forwarded so the reply goes straight back to the caller. Consumers are
/// opened here and live on this node. It also names the gateways of every node that is up, where a client goes on
/// when this node fails.
/// </summary>
internal sealed class NodeGateway : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NodeGateway(Broker broker, IActorRef pipelines)
    {
        Receive<Publish>(publish => broker.TopicRef(publish.Topic).Forward(publish));
        Receive<IPartitionCommand>(command => broker.Partitions.Forward(command));
        Receive<CreateTopic>(command => broker.Registry.Forward(command));
        Receive<GetTopic>(command => broker.Registry.Forward(command));
        Receive<ListTopics>(command => broker.Registry.Forward(command));
        Receive<IPipelineCommand>(command => pipelines.Forward(command));
        Receive<ListGateways>(_ => Sender.Tell(new GatewayList(Akka.Cluster.Cluster.Get(Context.System).State.Members
            .Where(m => m.Status == Akka.Cluster.MemberStatus.Up).Select(m => m.Address.ToString()).ToList())));
        var admin = Context.ActorOf(NodeAdmin.Props(broker), "admin");
        Receive<object>(NodeAdmin.Handles, command => admin.Forward(command));
        Receive<OpenConsumer>(open =>
        {
            var settings = new ConsumerSettings(open.Topic, open.Group, Math.Max(1, open.Prefetch), open.StartFrom, open.Batched);
            var member = broker.Subscribe(settings, open.Target);
            _log.Info("consumer opened for {0} on {1}/{2}", open.Target.Path.Address, open.Topic, open.Group);
            Sender.Tell(new ConsumerOpened(open.Topic, open.Group, member));
        });
    }

    /// <summary>Props for the gateway of <paramref name="broker"/>, forwarding pipeline commands to <paramref name="pipelines"/> (the registry).</summary>
    public static Props Props(Broker broker, IActorRef pipelines) => Akka.Actor.Props.Create(() => new NodeGateway(broker, pipelines));
}
