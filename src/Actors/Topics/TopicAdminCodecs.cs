using Actors.Serialization;

namespace Actors.Topics;

/// <summary>
/// The protobuf encoding of topic deletion (<c>TopicAdminProtocol.cs</c>), the registry's deletion events included.
/// Manifests start with <c>adm-</c>, the prefix of every operator request's codec.
/// </summary>
internal static class TopicAdminCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<DeleteTopic>("adm-dt", (w, m) => w.Str(1, m.Topic.Value), (r, _) => new DeleteTopic(new TopicName(r.Str(1)))),
        Codec.Of<TopicDeleted>("adm-tdd", (w, m) => w.Str(1, m.Topic.Value).Each(2, m.Topics, (e, t) => e.Str(1, t.Value)).I64(3, m.Partitions)
                .Each(4, m.Groups, (e, g) => e.Str(1, g.Value)),
            (r, _) => new TopicDeleted(new TopicName(r.Str(1)), r.Each(2).Select(e => new TopicName(e.Str(1))).ToList(), r.I32(3),
                r.Each(4).Select(e => new GroupName(e.Str(1))).ToList())),
        Codec.Of<ForgetTopic>("adm-ft", (w, m) => w.Str(1, m.Topic.Value), (r, _) => new ForgetTopic(new TopicName(r.Str(1)))),

        // Journal events of the registry
        Codec.Of<TopicDeletionStarted>("adm-tds", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partitions),
            (r, _) => new TopicDeletionStarted(new TopicName(r.Str(1)), r.I32(2))),
        Codec.Of<TopicDeletionFinished>("adm-tdf", (w, m) => w.Str(1, m.Topic.Value), (r, _) => new TopicDeletionFinished(new TopicName(r.Str(1)))),
    ];
}
