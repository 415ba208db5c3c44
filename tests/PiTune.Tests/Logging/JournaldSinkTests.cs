using System.Buffers.Binary;
using System.Text;
using PiTune.Logging;
using PiTune.Tests.Support;
using Serilog;
using Serilog.Core;

namespace PiTune.Tests.Logging;

public sealed class JournaldSinkTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void An_event_reaches_the_journal_socket_with_message_priority_identifier_service_and_properties()
    {
        using var journal = new DatagramListener("journal.sock");
        using Logger logger = Logger(journal.Path);

        logger.ForContext("SourceContext", "PiTune.Core.Thermal.ThermalController")
            .Warning("Throttling at {TemperatureC} °C, cap {CapKHz}", 76.5, 2_200_000);

        Dictionary<string, string> fields = Parse(journal.Receive(Wait));
        Assert.Equal("Throttling at 76.5 °C, cap 2200000", fields["MESSAGE"]);
        Assert.Equal("4", fields["PRIORITY"]);
        Assert.Equal("pitune", fields["SYSLOG_IDENTIFIER"]);
        Assert.Equal("thermal", fields["PITUNE_SERVICE"]);
        Assert.Equal("76.5", fields["TEMPERATUREC"]);
        Assert.Equal("2200000", fields["CAPKHZ"]);
        Assert.Equal("PiTune.Core.Thermal.ThermalController", fields["LOGGER"]);
    }

    [Fact]
    public void String_properties_are_written_as_they_are_not_quoted()
    {
        using var journal = new DatagramListener("journal.sock");
        using Logger logger = Logger(journal.Path);

        logger.Information("Configuration reloaded ({Trigger}): {Changes}", "SIGHUP", "Governor:Idle \"ondemand\" → \"schedutil\"");

        Dictionary<string, string> fields = Parse(journal.Receive(Wait));
        Assert.Equal("Configuration reloaded (SIGHUP): Governor:Idle \"ondemand\" → \"schedutil\"", fields["MESSAGE"]);
        Assert.Equal("SIGHUP", fields["TRIGGER"]);
    }

    [Fact]
    public void Values_with_newlines_use_the_binary_safe_form_and_survive_intact()
    {
        using var journal = new DatagramListener("journal.sock");
        using Logger logger = Logger(journal.Path);
        var exception = new InvalidOperationException("first line\nsecond line");

        logger.Error(exception, "Recovery failed for {Paths}", "a\nb");

        byte[]? datagram = journal.Receive(Wait);
        Dictionary<string, string> fields = Parse(datagram);
        Assert.Equal("3", fields["PRIORITY"]);
        Assert.Equal("a\nb", fields["PATHS"]);
        Assert.Contains("first line\nsecond line", fields["EXCEPTION"], StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, fields["EXCEPTION_TYPE"]);

        // The binary form: "PATHS\n" + 64-bit little-endian length + value + "\n".
        byte[] marker = Encoding.ASCII.GetBytes("PATHS\n");
        int at = datagram!.AsSpan().IndexOf(marker);
        Assert.True(at >= 0);
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64LittleEndian(datagram.AsSpan(at + marker.Length, 8)));
    }

    [Fact]
    public void Without_a_journal_events_go_to_stderr_and_that_is_said_once()
    {
        using var dir = new TempDirectory();
        var stderr = new StringWriter();
        using var sink = new JournaldSink(dir.Combine("no-journal.sock"), stderr);
        using Logger logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();

        logger.Information("one");
        logger.Information("two");

        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains("cannot write to the journal", StringComparison.Ordinal));
        Assert.Contains("<6>one", lines);
        Assert.Contains("<6>two", lines);
    }

    [Theory]
    [InlineData("TemperatureC", "TEMPERATUREC")]
    [InlineData("cap.khz", "CAP_KHZ")]
    [InlineData("_private", "F_PRIVATE")]
    [InlineData("9lives", "F9LIVES")]
    public void Property_names_become_valid_journal_field_names(string property, string field) =>
        Assert.Equal(field, JournalFields.FieldName(property));

    [Theory]
    [InlineData("PiTune.Sampling.SamplerService", "sampler")]
    [InlineData("PiTune.Core.Sampling.Sampler", "sampler")]
    [InlineData("PiTune.Core.Thermal.ThermalPolicy", "thermal")]
    [InlineData("PiTune.Linux.Tuning.TuningLedger", "ledger")]
    [InlineData("PiTune.Linux.LinuxMachine", "platform")]
    [InlineData("PiTune.Configuration.ConfigReloadService", "config")]
    [InlineData("PiTune.Simulation.SimulationDriver", "simulator")]
    [InlineData("Microsoft.Hosting.Lifetime", "host")]
    [InlineData(null, "host")]
    public void The_service_field_names_the_job_from_the_logger_category(string? category, string service) =>
        Assert.Equal(service, ServiceEnricher.ServiceOf(category));

    private static Logger Logger(string socketPath) =>
        new LoggerConfiguration().MinimumLevel.Verbose().Enrich.With<ServiceEnricher>().WriteTo.Journald(socketPath).CreateLogger();

    /// <summary>Parses a native-protocol datagram back into fields, as journald does.</summary>
    private static Dictionary<string, string> Parse(byte[]? datagram)
    {
        Assert.NotNull(datagram);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        ReadOnlySpan<byte> rest = datagram;
        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            int eq = rest.IndexOf((byte)'=');
            if (eq >= 0 && eq < nl)
            {
                fields[Encoding.ASCII.GetString(rest[..eq])] = Encoding.UTF8.GetString(rest[(eq + 1)..nl]);
                rest = rest[(nl + 1)..];
            }
            else
            {
                string name = Encoding.ASCII.GetString(rest[..nl]);
                int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(rest.Slice(nl + 1, 8)));
                fields[name] = Encoding.UTF8.GetString(rest.Slice(nl + 9, length));
                Assert.Equal((byte)'\n', rest[nl + 9 + length]);
                rest = rest[(nl + 10 + length)..];
            }
        }

        return fields;
    }
}
