using System.Globalization;
using Actors.Kafka.Server;
using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// CreateTopics: creates each topic through the registry with the partitions asked (-1: the default) and, from its
/// configs, <c>retention.ms</c> and <c>retention.messages</c>; other configs and the replication factor are ignored
/// (a partition lives on one node at a time, its durability is the journal's). An existing topic is
/// TOPIC_ALREADY_EXISTS, a name Actors does not allow (or a dead-letter topic's) INVALID_TOPIC_EXCEPTION.
/// </summary>
public sealed class CreateTopicsHandler(Broker broker, KafkaEdgeSettings settings) : IKafkaHandler<CreateTopicsRequest, CreateTopicsResponse>
{
    public async ValueTask<CreateTopicsResponse> HandleAsync(KafkaRequestContext context, CreateTopicsRequest request, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(request.Topics.Select(t => CreateAsync(t, request.ValidateOnly, cancellationToken)));
        return new CreateTopicsResponse { Topics = results.ToList() };
    }

    private async Task<CreateTopicsResponse.Topic> CreateAsync(CreateTopicsRequest.Topic topic, bool validateOnly, CancellationToken cancellationToken)
    {
        var result = new CreateTopicsResponse.Topic { Name = topic.Name };
        if (TopicName.RefusedForUsers(topic.Name, broker.Settings.DeadLetterSuffix) is { } refusal)
            return Fail(result, ErrorCode.InvalidTopicException, refusal);
        if (topic.NumPartitions is 0 or < -1) return Fail(result, ErrorCode.InvalidPartitions, $"{topic.NumPartitions} partitions");
        // validate_only never reaches the registry, so it is told the registry's own partition limit here.
        if (topic.NumPartitions > broker.Settings.MaxPartitionsPerTopic)
            return Fail(result, ErrorCode.InvalidPartitions, $"a topic may have 1 to {broker.Settings.MaxPartitionsPerTopic} partitions (actors.topics.max-partitions-per-topic), not {topic.NumPartitions}");
        if (topic.Assignments.Count > 0) return Fail(result, ErrorCode.InvalidRequest, "manual replica assignments are not supported");
        TimeSpan? retentionAge = null;
        long? retentionMessages = null;
        long? retentionBytes = null;
        CleanupPolicy? cleanup = null;
        foreach (var config in topic.Configs)
        {
            if (config.Value is null) continue;
            if (config.Name == "retention.ms" && long.TryParse(config.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
                retentionAge = ms < 0 ? TimeSpan.FromDays(365 * 100) : TimeSpan.FromMilliseconds(Math.Max(1, ms));
            else if (config.Name == "retention.messages" && long.TryParse(config.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0)
                retentionMessages = count;
            else if (config.Name == "retention.bytes" && long.TryParse(config.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
            {
                // Kafka's -1 is no bound by size; 0 or another negative is not a size.
                if (bytes is 0 or < -1) return Fail(result, ErrorCode.InvalidConfig, $"retention.bytes must be positive or -1 (unlimited), was {bytes}");
                retentionBytes = bytes == -1 ? TopicSpec.UnlimitedBytes : bytes;
            }
            else if (config.Name == "cleanup.policy")
            {
                cleanup = CleanupPolicies.Parse(config.Value);
                if (cleanup is null) return Fail(result, ErrorCode.InvalidConfig, $"cleanup.policy must be delete, compact or compact,delete, was '{config.Value}'");
            }
        }

        var name = new TopicName(topic.Name);
        try
        {
            var existing = await broker.Registry.Ask<object>(new GetTopic(name, CreateIfMissing: false), settings.RequestTimeout, cancellationToken);
            if (existing is TopicInfo) return Fail(result, ErrorCode.TopicAlreadyExists, $"topic '{topic.Name}' already exists");
            var partitions = topic.NumPartitions > 0 ? topic.NumPartitions : broker.Settings.DefaultPartitions;
            var defaults = broker.Settings.DefaultSpec(name, partitions);
            var spec = defaults with
            {
                RetentionAge = retentionAge ?? defaults.RetentionAge,
                RetentionMessages = retentionMessages ?? defaults.RetentionMessages,
                RetentionBytes = retentionBytes ?? defaults.RetentionBytes,
                Cleanup = cleanup ?? defaults.Cleanup,
            };
            if (!validateOnly)
            {
                var created = await broker.Registry.Ask<object>(new CreateTopic(name, partitions, retentionAge, retentionMessages, retentionBytes, Cleanup: cleanup), settings.RequestTimeout, cancellationToken);
                if (created is TopicNotFound refused) return Fail(result, KafkaCode(refused.Refusal), refused.Reason);
                if (created is TopicInfo info) spec = info.Spec;
            }

            result.NumPartitions = spec.Partitions;
            result.ReplicationFactor = 1;
            result.Configs = TopicConfigs.Of(spec, null).Select(c => new CreateTopicsResponse.Config { Name = c.Name, Value = c.Value, ReadOnly = true }).ToList();
            return result;
        }
        catch (AskTimeoutException)
        {
            return Fail(result, ErrorCode.RequestTimedOut, "the topic registry did not answer in time");
        }
    }

    /// <summary>
    /// The registry's limits as Kafka answers them: too many partitions is INVALID_PARTITIONS; too many topics is a
    /// rule of this cluster, POLICY_VIOLATION (not THROTTLING_QUOTA_EXCEEDED, which clients retry: waiting never helps).
    /// </summary>
    private static ErrorCode KafkaCode(TopicRefusal refusal) => refusal switch
    {
        TopicRefusal.Partitions => ErrorCode.InvalidPartitions,
        TopicRefusal.TopicLimit => ErrorCode.PolicyViolation,
        _ => ErrorCode.InvalidTopicException,
    };

    private static CreateTopicsResponse.Topic Fail(CreateTopicsResponse.Topic result, ErrorCode code, string message)
    {
        result.ErrorCode = (short)code;
        result.ErrorMessage = message;
        return result;
    }
}

/// <summary>
/// DeleteTopics: each topic through the registry's journaled deletion (its partitions, dead-letter topic and groups
/// go with it), answered once it is done; an unknown topic is UNKNOWN_TOPIC_OR_PARTITION.
/// </summary>
public sealed class DeleteTopicsHandler(Broker broker, EdgeTopics topics, KafkaEdgeSettings settings) : IKafkaHandler<DeleteTopicsRequest, DeleteTopicsResponse>
{
    public async ValueTask<DeleteTopicsResponse> HandleAsync(KafkaRequestContext context, DeleteTopicsRequest request, CancellationToken cancellationToken)
    {
        var timeout = request.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(request.TimeoutMs) : settings.RequestTimeout;
        var results = await Task.WhenAll(request.TopicNames.Select(n => DeleteAsync(n, timeout, cancellationToken)));
        return new DeleteTopicsResponse { Responses = results.ToList() };
    }

    private async Task<DeleteTopicsResponse.Result> DeleteAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = new DeleteTopicsResponse.Result { Name = name };
        if (!TopicName.IsValid(name))
        {
            result.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
            return result;
        }

        topics.Forget(name);
        try
        {
            var reply = await broker.Registry.Ask<object>(new DeleteTopic(new TopicName(name)), timeout, cancellationToken);
            if (reply is not TopicDeleted)
            {
                result.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
                result.ErrorMessage = (reply as TopicNotFound)?.Reason;
            }
        }
        catch (AskTimeoutException)
        {
            result.ErrorCode = (short)ErrorCode.RequestTimedOut;
            result.ErrorMessage = "the deletion did not finish in time; it goes on";
        }

        return result;
    }
}

/// <summary>
/// DescribeConfigs: a topic's retention and size limit as Kafka names them (<see cref="TopicConfigs"/>), read-only;
/// a broker has none to describe here (an empty list, which tools accept).
/// </summary>
public sealed class DescribeConfigsHandler(EdgeTopics topics) : IKafkaHandler<DescribeConfigsRequest, DescribeConfigsResponse>
{
    public async ValueTask<DescribeConfigsResponse> HandleAsync(KafkaRequestContext context, DescribeConfigsRequest request, CancellationToken cancellationToken)
    {
        var specs = await topics.FindAllAsync(request.Resources.Where(r => r.ResourceType == DescribeConfigsRequest.TopicResource).Select(r => r.ResourceName),
            create: false, cancellationToken);
        return new DescribeConfigsResponse
        {
            Results = request.Resources.Select(r => Describe(r, specs)).ToList(),
        };
    }

    private static DescribeConfigsResponse.Result Describe(DescribeConfigsRequest.Resource resource, Dictionary<string, TopicSpec?> specs)
    {
        var result = new DescribeConfigsResponse.Result { ResourceType = resource.ResourceType, ResourceName = resource.ResourceName };
        if (resource.ResourceType == DescribeConfigsRequest.BrokerResource) return result;
        if (resource.ResourceType != DescribeConfigsRequest.TopicResource)
        {
            result.ErrorCode = (short)ErrorCode.InvalidRequest;
            result.ErrorMessage = $"resource type {resource.ResourceType} is not described here";
            return result;
        }

        if (specs.GetValueOrDefault(resource.ResourceName) is not { } spec)
        {
            result.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
            result.ErrorMessage = $"topic '{resource.ResourceName}' does not exist";
            return result;
        }

        result.Configs = TopicConfigs.Of(spec, resource.ConfigurationKeys)
            .Select(c => new DescribeConfigsResponse.Config { Name = c.Name, Value = c.Value, ReadOnly = true, ConfigSource = 1, ConfigType = c.Type })
            .ToList();
        return result;
    }
}

/// <summary>A topic's settings under Kafka's config names: retention.ms, retention.messages, max.message.bytes, cleanup.policy.</summary>
public static class TopicConfigs
{
    /// <summary>The configs of <paramref name="spec"/>, only <paramref name="keys"/> when given. Type: Kafka's config type code (5 long, 3 int, 2 string).</summary>
    public static IEnumerable<(string Name, string Value, sbyte Type)> Of(TopicSpec spec, IReadOnlyCollection<string>? keys)
    {
        var all = new (string Name, string Value, sbyte Type)[]
        {
            ("retention.ms", ((long)spec.RetentionAge.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), 5),
            ("retention.messages", spec.RetentionMessages == TopicSpec.UnlimitedMessages ? "-1" : spec.RetentionMessages.ToString(CultureInfo.InvariantCulture), 5),
            ("retention.bytes", spec.RetentionBytes == TopicSpec.UnlimitedBytes ? "-1" : spec.RetentionBytes.ToString(CultureInfo.InvariantCulture), 5),
            ("max.message.bytes", spec.MaxMessageBytes.ToString(CultureInfo.InvariantCulture), 3),
            ("cleanup.policy", spec.Compacted && spec.Deletes ? "compact,delete" : spec.CleanupText, 2),
        };
        return keys is null ? all : all.Where(c => keys.Contains(c.Name));
    }
}
