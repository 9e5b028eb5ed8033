using Actors.Partitions;
using Actors.Serialization;
using Actors.Topics;

namespace Actors.Gateway;

/// <summary>The protobuf encoding of the gateway protocol (<see cref="OpenConsumer"/>, <see cref="ConsumerOpened"/>, <see cref="ListGateways"/>, <see cref="GatewayList"/>); manifests and field numbers are the wire contract.</summary>
internal static class GatewayCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<OpenConsumer>("oc", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).I64(3, m.Prefetch).I64(4, (long)m.StartFrom.Kind)
                .I64(5, m.StartFrom.Value).Str(6, Path(m.Target)).Bool(7, m.Batched),
            (r, s) => new OpenConsumer(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.I32(3), new StartFrom((StartKind)r.I64(4), r.I64(5)), s.Resolve(r.Str(6)), r.Bool(7))),
        Codec.Of<ConsumerOpened>("co", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, Path(m.Member)),
            (r, s) => new ConsumerOpened(new TopicName(r.Str(1)), new GroupName(r.Str(2)), s.Resolve(r.Str(3)))),
        Codec.Of<ListGateways>("lgw", (_, _) => { }, (_, _) => ListGateways.Instance),
        Codec.Of<Login>("gw-login", (w, m) => w.Str(1, m.User).Str(2, m.Password).Str(3, Path(m.Client)), (r, s) => new Login(r.Str(1), r.Str(2), s.Resolve(r.Str(3)))),
        Codec.Of<LoggedIn>("gw-in", (w, m) => w.Str(1, Path(m.Session)).Str(2, m.Principal), (r, s) => new LoggedIn(s.Resolve(r.Str(1)), r.Str(2))),
        Codec.Of<LoginRefused>("gw-no", (w, m) => w.Str(1, m.Reason), (r, _) => new LoginRefused(r.Str(1))),
        Codec.Of<OpenDataLink>("gw-link", (_, _) => { }, (_, _) => OpenDataLink.Instance),
        Codec.Of<DataLinkOffered>("gw-link-ok", (w, m) => w.I64(1, m.Port).Bytes(2, m.Token), (r, _) => new DataLinkOffered(r.I32(1), r.Bytes(2))),
        Codec.Of<DataLinkRefused>("gw-link-no", (w, m) => w.Str(1, m.Reason), (r, _) => new DataLinkRefused(r.Str(1))),
        Codec.Of<GatewayList>("gwl", (w, m) => w.Each(1, m.Addresses, (x, a) => x.Str(1, a)), (r, _) => new GatewayList(r.Each(1).Select(a => a.Str(1)).ToList())),
    ];

    private static string Path(IActorRef actor) => Akka.Serialization.Serialization.SerializedActorPath(actor);
}
