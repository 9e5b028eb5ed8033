using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary>
/// The pipeline sandbox through the real executable. Before it, a pipeline submitted to a node read
/// <c>/etc/os-release</c> into a topic and wrote a file under <c>/etc</c>. Now a local <c>actors run FILE</c> (and
/// <c>--check</c>) allows only its working directory (and <c>--allow-path</c>); a node allows only its own
/// <c>--allow-path</c> directories and <c>--allow-tcp-port</c> ports, nothing by default. Reading
/// <c>/etc/passwd</c>, writing outside, a <c>..</c> escape and a link out of an allowed folder are each one line,
/// <c>error: FILE:LINE:COL: ...</c>, exit 2, with nothing read or written; a pipeline inside runs.
/// </summary>
public sealed class PipelineSandboxCliSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly CliProcesses _processes = new("sandbox", output);

    private string Folder => _processes.Folder.Path;

    [Fact]
    public async Task Should_refuse_reading_etc_passwd_or_writing_outside_the_working_directory_at_check_and_at_a_local_run()
    {
        // arrange: the working folder holds the input; the escape writes beside it
        await _processes.Folder.WriteAsync("in.txt", "a b\n");
        var escaped = Path.Combine(Path.GetDirectoryName(Folder)!, Path.GetFileName(Folder) + "-escaped.txt");
        var passwd = await _processes.Folder.WriteAsync("passwd.conf", Pipeline("/etc/passwd", "stdout"));
        var escape = await _processes.Folder.WriteAsync("escape.conf", Pipeline("in.txt", $"../{Path.GetFileName(escaped)}"));

        foreach (var (file, problem) in new[]
                 {
                     (passwd, $@"^error: {Regex.Escape(passwd)}:2:\d+: source 'file' may not read '/etc/passwd': it is outside actors\.streams\.pipelines\.allowed-paths \[{Regex.Escape(Folder)}\]; expected a path under one of them\n$"),
                     (escape, $@"^error: {Regex.Escape(escape)}:3:\d+: sink 'file' may not write '\.\./{Regex.Escape(Path.GetFileName(escaped))}' \({Regex.Escape(escaped)}\): it is outside [^\n]*\n$"),
                 })
        {
            // act
            var check = await RunAsync("run", file, "--check");
            var run = await RunAsync("run", file);

            // assert: the same one line both times, and nothing read or written
            Assert.Equal((2, 2), (check.ExitCode, run.ExitCode));
            Assert.Matches(problem, check.Error);
            Assert.Equal(check.Error, run.Error);
            Assert.Equal("", run.Output);
        }

        Assert.False(File.Exists(escaped), $"{escaped} must not be written");

        // An operator can allow more for a local run.
        var allowed = await RunAsync("run", passwd, "--check", "--allow-path", "/etc");
        Assert.Equal(0, allowed.ExitCode);
    }

    [Fact]
    public async Task Should_refuse_at_submit_what_is_outside_the_node_allowed_paths_and_run_what_is_inside()
    {
        // arrange: a node allowing one folder, which holds the input and a link out of it
        var allowed = Directory.CreateDirectory(Path.Combine(Folder, "allowed")).FullName;
        await File.WriteAllTextAsync(Path.Combine(allowed, "in.txt"), "b a\nb\n");
        File.CreateSymbolicLink(Path.Combine(allowed, "passwd-link"), "/etc/passwd");
        var node = await StartNodeAsync("--allow-path", allowed);

        // act + assert: /etc/passwd, a '..' escape and the link are refused with their lines; nothing runs
        foreach (var (name, source, sink, line, problem) in new[]
                 {
                     ("passwd", "/etc/passwd", "stdout", 2, "source 'file' may not read '/etc/passwd': it is outside actors.streams.pipelines.allowed-paths [" + allowed + "]"),
                     ("dotdot", Path.Combine(allowed, "in.txt"), Path.Combine(allowed, "..", "escaped.txt"), 3, $"({Path.Combine(Folder, "escaped.txt")}): it is outside"),
                     ("link", Path.Combine(allowed, "passwd-link"), "stdout", 2, "(/etc/passwd): it is outside"),
                 })
        {
            var file = await _processes.Folder.WriteAsync(name + ".conf", Pipeline(source, sink));
            var submit = await RunAsync("run", file, "--node", node.HostPort);
            Assert.Equal(2, submit.ExitCode);
            Assert.Matches($@"^error: {Regex.Escape(file)}:{line}:\d+: [^\n]*{Regex.Escape(problem)}[^\n]*\n$", submit.Error);
        }

        var listed = await RunAsync("pipelines", "--node", node.HostPort);
        Assert.StartsWith("(no pipelines", listed.Output);
        Assert.False(File.Exists(Path.Combine(Folder, "escaped.txt")));

        // act: a pipeline inside the allowed folder
        var inside = await _processes.Folder.WriteAsync("inside.conf", Pipeline(Path.Combine(allowed, "in.txt"), Path.Combine(allowed, "out.txt"), "split"));
        var accepted = await RunAsync("run", inside, "--node", node.HostPort);

        // assert: accepted and run on the node
        Assert.Equal(0, accepted.ExitCode);
        await Poll.Until(() => File.Exists(Path.Combine(allowed, "out.txt")) && File.ReadAllLines(Path.Combine(allowed, "out.txt")).Length == 3, Wait,
            "the node writing the allowed pipeline's three words");
        Assert.Equal(["b", "a", "b"], await File.ReadAllLinesAsync(Path.Combine(allowed, "out.txt")));
    }

    [Fact]
    public async Task Should_refuse_every_file_and_port_on_a_node_that_allows_none()
    {
        // arrange: a node started without --allow-path or --allow-tcp-port
        await _processes.Folder.WriteAsync("in.txt", "a\n");
        var node = await StartNodeAsync();
        var file = await _processes.Folder.WriteAsync("local.conf", Pipeline(Path.Combine(Folder, "in.txt"), "stdout"));
        var tcp = await _processes.Folder.WriteAsync("tcp.conf", "pipeline {\n  source { type = tcp, port = 7070 }\n  sink { type = stdout }\n}\n");

        // act
        var fileSubmit = await RunAsync("run", file, "--node", node.HostPort);
        var tcpSubmit = await RunAsync("run", tcp, "--node", node.HostPort);

        // assert
        Assert.Equal((2, 2), (fileSubmit.ExitCode, tcpSubmit.ExitCode));
        Assert.Matches($@"^error: {Regex.Escape(file)}:2:\d+: [^\n]*pipelines may touch no file here \(actors\.streams\.pipelines\.allowed-paths is empty; a node takes --allow-path DIR\)\n$",
            fileSubmit.Error);
        Assert.Matches($@"^error: {Regex.Escape(tcp)}:2:\d+: source 'tcp' may not listen on port 7070: pipelines may open no TCP port here [^\n]*\n$", tcpSubmit.Error);
    }

    [Fact]
    public async Task Should_refuse_a_malformed_allowed_port_with_one_line_and_exit_2()
    {
        var node = await RunAsync("node", "--port", "0", "--allow-tcp-port", "9100-9000");

        Assert.Equal(2, node.ExitCode);
        Assert.Equal("error: --allow-tcp-port: '9100-9000' is not a port or a range like 9000-9100 (0-65535)\n", node.Error);
    }

    public void Dispose() => _processes.Dispose();

    /// <summary>A file source (line 2) through an optional stage into a sink (line 3): stdout, or a file.</summary>
    private static string Pipeline(string source, string sink, string? stage = null) =>
        $"pipeline {{\n  source {{ type = file, path = \"{source}\" }}\n" +
        (sink == "stdout" ? "  sink { type = stdout }\n" : $"  sink {{ type = file, path = \"{sink}\" }}\n") +
        (stage is null ? "" : $"  stages = [ {{ type = {stage} }} ]\n") + "}\n";

    private async Task<NodeProcess> StartNodeAsync(params string[] options)
    {
        var node = await _processes.StartNodeAsync(["node", "--port", "0", .. options], Wait);
        await node.Process.WaitForLineAsync("member up:", Wait);
        return node;
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await _processes.RunAsync(args, Wait);
        output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode} {result.Output.Trim()} {result.Error.Trim()}");
        return result;
    }
}
