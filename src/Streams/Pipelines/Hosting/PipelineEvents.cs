using Actors.Streams.Serialization;

namespace Actors.Streams.Pipelines.Hosting;

// The registry's journal events (persistence id "pipeline-registry"), applied by PipelineRegistryState. Journals
// written before they moved here hold them under the core's serializer (7301) and the same manifests; see
// moved-manifests in the library's reference.conf.

/// <summary>Journal event of the registry: a pipeline was submitted.</summary>
internal sealed record PipelineRecorded(string Name, string Origin, string Text) : IStreamsWireMessage;

/// <summary>Journal event of the registry: a pipeline was stopped.</summary>
internal sealed record PipelineRemoved(string Name) : IStreamsWireMessage;

/// <summary>Journal event of the registry: a pipeline ended for good and is not to be started again elsewhere.</summary>
internal sealed record PipelineFinished(string Name, string State) : IStreamsWireMessage;
