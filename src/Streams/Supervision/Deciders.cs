using Directive = Akka.Streams.Supervision.Directive;
using StreamDecider = Akka.Streams.Supervision.Decider;

namespace Actors.Streams.Supervision;

/// <summary>
/// Per-stage failure policy as data: a decider maps an exception to resume (drop the element, go on),
/// restart (drop the element and the stage's state) or stop (fail the stream). Attach with
/// <c>.WithAttributes(Deciders.Attributes(...))</c> on the stage it governs.
/// </summary>
public static class Deciders
{
    /// <summary>Resume on bad input (format, argument errors), stop on everything else.</summary>
    public static Directive ResumeOnBadInput(Exception ex) => ex switch
    {
        FormatException or ArgumentException or InvalidCastException or KeyNotFoundException => Directive.Resume,
        _ => Directive.Stop,
    };

    /// <summary>The attributes that install <paramref name="decider"/> on a stage.</summary>
    public static Attributes Attributes(StreamDecider decider) => ActorAttributes.CreateSupervisionStrategy(decider);
}
