using Microsoft.Extensions.Configuration;
using PiTune.Cli;
using PiTune.Logging;
using PiTune.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PiTune.Tests.Logging;

public sealed class LogLevelsTests
{
    [Fact]
    public void Default_and_overrides_are_read_and_applied_per_namespace()
    {
        List<string> problems = [];
        LogLevels levels = LogLevels.Read(Config(
            ("Serilog:MinimumLevel:Default", "Warning"),
            ("Serilog:MinimumLevel:Override:PiTune.Core.Sampling", "debug")), problems);

        Assert.Empty(problems);
        var sink = new CollectingSink();
        var configuration = new LoggerConfiguration().WriteTo.Sink(sink);
        levels.ApplyTo(configuration);
        using (Logger logger = configuration.CreateLogger())
        {
            logger.ForContext(Constants.SourceContextPropertyName, "PiTune.Core.Sampling.Sampler").Debug("sampled");
            logger.ForContext(Constants.SourceContextPropertyName, "PiTune.Governor.GovernorService").Information("switched");
            logger.ForContext(Constants.SourceContextPropertyName, "Microsoft.Hosting.Lifetime").Information("started");
            logger.ForContext(Constants.SourceContextPropertyName, "PiTune.Api.ApiService").Warning("refused");
        }

        Assert.Equal(["sampled", "refused"], sink.Messages);
    }

    [Fact]
    public void A_single_level_is_the_default()
    {
        List<string> problems = [];
        LogLevels levels = LogLevels.Read(Config(("Serilog:MinimumLevel", "Debug")), problems);
        Assert.Empty(problems);
        Assert.Equal(LogEventLevel.Debug, levels.Default);
        Assert.Contains(new KeyValuePair<string, LogEventLevel>("Microsoft", LogEventLevel.Warning), levels.Overrides);
    }

    [Fact]
    public void Check_config_names_a_bad_level_and_an_unknown_key_with_their_full_keys()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("bad.json", """
            { "Serilog": { "MinimumLevel": { "Default": "Loud", "Overide": { "PiTune": "Debug" } }, "WriteTo": [ { "Name": "File" } ] } }
            """);
        var stderr = new StringWriter();
        int exit = CheckConfigCommand.Run(CommandLine.Parse(["check-config", path], out _)!, new StringWriter(), stderr);

        Assert.Equal(ExitCodes.Config, exit);
        string text = stderr.ToString();
        Assert.Contains("'Loud' at 'Serilog:MinimumLevel:Default' is not a log level", text, StringComparison.Ordinal);
        Assert.Contains("'Serilog:MinimumLevel:Overide' is not a known key (known in Serilog:MinimumLevel: Default, Override)", text, StringComparison.Ordinal);
        Assert.Contains("Serilog: unknown key 'WriteTo'", text, StringComparison.Ordinal);
        Assert.Contains("3 problem(s)", text, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    private sealed class CollectingSink : ILogEventSink
    {
        public List<string> Messages { get; } = [];

        public void Emit(LogEvent logEvent) => Messages.Add(logEvent.MessageTemplate.Text);
    }
}
