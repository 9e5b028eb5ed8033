using System.Diagnostics;

namespace Actors.Bench;

/// <summary>
/// The baseline: raw Akka.NET tells on one local actor system, a windowed ping-pong between two actors
/// (the same window as the publishers use). A round trip counts as one message; its latency is send→reply.
/// </summary>
public static class TellBaseline
{
    public static async Task<RunResult> RunAsync(ActorSystem system, int messages, int window)
    {
        var done = new TaskCompletionSource<RunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var echo = system.ActorOf(Props.Create(() => new Echo()));
        var pinger = system.ActorOf(Props.Create(() => new Pinger(echo, messages, window, done)));
        var result = await done.Task;
        system.Stop(pinger);
        system.Stop(echo);
        return result;
    }

    private sealed record Ping(int Seq, long SentAt);

    /// <summary>Replies to every ping with the same message.</summary>
    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<Ping>(ping => Sender.Tell(ping));
    }

    /// <summary>Keeps <c>window</c> pings outstanding until <c>messages</c> replies came back.</summary>
    private sealed class Pinger : ReceiveActor
    {
        private readonly IActorRef _echo;
        private readonly int _messages;
        private readonly long[] _latencies;
        private readonly TaskCompletionSource<RunResult> _done;
        private readonly long _start = Stopwatch.GetTimestamp();
        private int _sent;
        private int _received;

        public Pinger(IActorRef echo, int messages, int window, TaskCompletionSource<RunResult> done)
        {
            _echo = echo;
            _messages = messages;
            _latencies = new long[messages];
            _done = done;
            Receive<Ping>(HandleReply);
            for (var i = 0; i < Math.Min(window, messages); i++) Send();
        }

        private void Send() => _echo.Tell(new Ping(_sent++, Stopwatch.GetTimestamp()), Self);

        private void HandleReply(Ping ping)
        {
            _latencies[_received++] = Stopwatch.GetTimestamp() - ping.SentAt;
            if (_sent < _messages) Send();
            if (_received == _messages) _done.TrySetResult(new RunResult(_messages, Stopwatch.GetElapsedTime(_start), _latencies));
        }
    }
}
