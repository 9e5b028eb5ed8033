using Actors.Testing;

namespace Actors.Nodes.Tests.Kafka;

/// <summary>
/// A real <c>actors node</c> with a secured Kafka listener and certificates from <c>actors certs create</c>: over
/// SASL_SSL with SCRAM-SHA-512, kcat and kafka-python produce and consume as the admin user (whose password the node
/// was given) and a wrong password is refused; over SSL with authentication on, a client certificate the CA signed
/// logs in as its CN and a client without one is refused; options that cannot work stop the node with one line, exit 2.
/// </summary>
public sealed class KafkaSecurityNodeSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly CliProcesses _processes = new("kafka-security", output, reportLines: 60);

    [Fact]
    public async Task Should_serve_kcat_and_kafka_python_over_sasl_ssl_with_scram_sha_512_and_refuse_a_wrong_password()
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        var python = ExternalTool.Require("/usr/bin/python3", "python3-kafka");
        var node = await StartSecuredAsync("sasl_ssl", "");
        var kafka = node.KafkaAddress!;
        var ca = _processes.Folder.File("node/ca.crt");
        string[] Sasl(string password) =>
        [
            "-b", kafka, "-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X", "sasl.username=admin",
            "-X", $"sasl.password={password}", "-X", $"ssl.ca.location={ca}",
        ];
        var input = await _processes.Folder.WriteAsync("lines.txt", "k1:one\nk2:two\n");

        // act
        var listed = await Poll.UntilAsync(() => Run(kcat, ["-L", .. Sasl("admin-secret"), "-m", "15"]), r => r.ExitCode == 0, Wait, "the node has loaded its admin user");
        var produced = await Run(kcat, ["-P", .. Sasl("admin-secret"), "-t", "secure-lines", "-K", ":", "-l", input]);
        var consumed = await Run(kcat, ["-C", .. Sasl("admin-secret"), "-t", "secure-lines", "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n"]);
        var wrong = await Run(kcat, ["-L", .. Sasl("wrong-secret"), "-m", "10"]);
        var pythonRun = await Run(python, ["-c", PythonScript, kafka, ca, "admin-secret"]);
        var pythonWrong = await Run(python, ["-c", PythonScript, kafka, ca, "wrong-secret"]);

        // assert
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(0, produced.ExitCode);
        Assert.Equal(["k1:one", "k2:two"], consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.NotEqual(0, wrong.ExitCode);
        // librdkafka 2.0.2 reports the closed connection rather than the error message it was sent
        Assert.Contains("SASL authentication error", wrong.Output + wrong.Error, StringComparison.Ordinal);
        Assert.True(pythonRun.ExitCode == 0, pythonRun.ToString());
        Assert.Contains("consumed from-python", pythonRun.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, pythonWrong.ExitCode);
        Assert.DoesNotContain("consumed", pythonWrong.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_log_in_a_client_certificate_over_ssl_as_its_common_name_and_refuse_a_client_without_one()
    {
        // arrange: carol is a super user, known by her certificate alone
        var kcat = ExternalTool.Require("kcat", "kcat");
        var node = await StartSecuredAsync("ssl", "actors.security.super-users = [admin, carol]");
        await CertsAsync("--ca", "ca", "--client", "carol", "--out", "carol");
        var kafka = node.KafkaAddress!;
        string[] Ssl(bool withCertificate) =>
        [
            "-b", kafka, "-X", "security.protocol=SSL", "-X", $"ssl.ca.location={_processes.Folder.File("carol/ca.crt")}",
            .. withCertificate
                ? new[] { "-X", $"ssl.certificate.location={_processes.Folder.File("carol/client.crt")}", "-X", $"ssl.key.location={_processes.Folder.File("carol/client.key")}" }
                : [],
        ];
        var input = await _processes.Folder.WriteAsync("one.txt", "from-carol\n");

        // act
        var produced = await Run(kcat, ["-P", .. Ssl(true), "-t", "carols", "-l", input]);
        var consumed = await Run(kcat, ["-C", .. Ssl(true), "-t", "carols", "-o", "beginning", "-e", "-q"]);
        var anonymous = await Run(kcat, ["-L", .. Ssl(false), "-m", "10"]);

        // assert
        Assert.True(produced.ExitCode == 0, produced.ToString());
        Assert.Equal("from-carol", consumed.Output.Trim());
        Assert.NotEqual(0, anonymous.ExitCode);
        await node.Process.WaitForLineAsync("no client certificate", Wait);
    }

    [Theory]
    [InlineData("--kafka-security nonsense", "error: --kafka-security: 'nonsense' is not plaintext, ssl, sasl_plaintext or sasl_ssl")]
    [InlineData("--kafka-security sasl_ssl", "error: --kafka-security sasl_ssl needs this node's certificate: --tls-cert FILE --tls-key FILE --tls-ca FILE (or --tls-pfx FILE --tls-ca FILE)")]
    public async Task Should_refuse_kafka_security_options_that_cannot_work_with_one_line(string options, string line)
    {
        // act
        var refused = await _processes.RunAsync(["node", "--port", "0", "--kafka-port", "0", .. options.Split(' ')], Wait);

        // assert
        Assert.Equal(line + "\n", refused.Error);
        Assert.Equal(2, refused.ExitCode);
    }

    [Fact]
    public async Task Should_refuse_a_plaintext_kafka_listener_when_authentication_is_on()
    {
        // arrange
        var config = await _processes.Folder.WriteAsync("auth.conf", "actors.security.authentication = on\n");

        // act
        var refused = await _processes.RunAsync(["node", "--port", "0", "--kafka-port", "0", "--config", config], Wait);

        // assert
        Assert.StartsWith("error: --auth (actors.security.authentication) is on but the Kafka listener is plaintext", refused.Error, StringComparison.Ordinal);
        Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, refused.ExitCode);
    }

    private const string PythonScript = """
        import sys
        from kafka import KafkaProducer, KafkaConsumer, TopicPartition
        addr, ca, password = sys.argv[1:4]
        auth = dict(bootstrap_servers=addr, security_protocol='SASL_SSL', sasl_mechanism='SCRAM-SHA-512', ssl_cafile=ca,
                    sasl_plain_username='admin', sasl_plain_password=password, api_version_auto_timeout_ms=30000)
        producer = KafkaProducer(acks='all', **auth)
        producer.send('python-secure', b'from-python', partition=0).get(timeout=60)
        consumer = KafkaConsumer(**auth)
        tp = TopicPartition('python-secure', 0)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        values = []
        while not values:
            for records in consumer.poll(timeout_ms=1000).values():
                values += [r.value.decode() for r in records]
        print('consumed', values[0])
        """;

    /// <summary>A CA and a node certificate for 127.0.0.1, and a node with authentication on, an admin password and the Kafka listener on <paramref name="protocol"/>.</summary>
    private async Task<NodeProcess> StartSecuredAsync(string protocol, string extraConfig)
    {
        await CertsAsync("--ca", "ca");
        await CertsAsync("--ca", "ca", "--node", "127.0.0.1", "--out", "node");
        var config = await _processes.Folder.WriteAsync("secure.conf", $"""
            actors.security.authentication = on
            actors.security.admin-password = "admin-secret"
            {extraConfig}
            """);
        return await _processes.StartNodeAsync(
        [
            "node", "--port", "0", "--kafka-port", "0", "--kafka-security", protocol, "--config", config,
            "--tls-cert", _processes.Folder.File("node/node.crt"), "--tls-key", _processes.Folder.File("node/node.key"), "--tls-ca", _processes.Folder.File("node/ca.crt"),
        ], Wait);
    }

    private async Task CertsAsync(params string[] arguments)
    {
        var made = await _processes.RunAsync(["certs", "create", .. arguments], Wait);
        Assert.True(made.ExitCode == 0, made.Error);
    }

    private async Task<ExternalTool.Result> Run(string program, string[] arguments)
    {
        var result = await ExternalTool.RunAsync(program, arguments, Wait);
        output.WriteLine($"{program} {string.Join(' ', arguments)}\n{result}");
        return result;
    }

    public void Dispose() => _processes.Dispose();
}
