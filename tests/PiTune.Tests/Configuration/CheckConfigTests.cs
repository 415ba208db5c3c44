using Microsoft.Extensions.Configuration;
using PiTune.Cli;
using PiTune.Configuration;
using PiTune.Tests.Support;

namespace PiTune.Tests.Configuration;

public sealed class CheckConfigTests
{
    [Fact]
    public void The_sample_configuration_is_valid()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CheckConfigCommand.Run(Parse("check-config", RepoPaths.SampleConfig), stdout, stderr);
        Assert.True(exit == ExitCodes.Ok, stderr.ToString());
        Assert.Contains("configuration is valid", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_interval_and_an_unknown_governor_exit_78_naming_both()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("bad.json", """{ "Sampling": { "Interval": "-5" }, "Governor": { "Idle": "turbo" } }""");
        var stderr = new StringWriter();
        int exit = CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr);
        Assert.Equal(ExitCodes.Config, exit);
        string text = stderr.ToString();
        Assert.Contains("Sampling:Interval", text, StringComparison.Ordinal);
        Assert.Contains("-5", text, StringComparison.Ordinal);
        Assert.Contains("Governor:Idle \"turbo\"", text, StringComparison.Ordinal);
        Assert.Contains("2 problem(s)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unparseable_values_unknown_keys_and_unknown_sections_are_named()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("bad.json", """{ "Sampling": { "Interval": "soon" }, "Governor": { "Idel": "ondemand" }, "Samplng": {} , "Optimization": { "CpuPercent": 180 } }""");
        var stderr = new StringWriter();
        int exit = CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr);
        Assert.Equal(ExitCodes.Config, exit);
        string text = stderr.ToString();
        Assert.Contains("'soon' at 'Sampling:Interval' is not a duration such as 00:00:01", text, StringComparison.Ordinal);
        Assert.Contains("Samplng: unknown section", text, StringComparison.Ordinal);
        Assert.Contains("'Governor:Idel' is not a known key (known in Governor: ", text, StringComparison.Ordinal);
        Assert.Contains("Optimization:CpuPercent", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_or_an_unknown_key_inside_a_model_entry_is_named_with_its_full_key()
    {
        using var dir = new TempDirectory();
        string badValue = dir.WriteFile("value.json", """{ "Inference": { "Models": [ { "Name": "m", "Path": "m.onnx", "AdaptiveDelay": "maybe" } ] } }""");
        string unknownKey = dir.WriteFile("key.json", """{ "Inference": { "Models": [ { "Name": "m", "Path": "m.onnx", "Colour": "blue" } ] } }""");

        var valueErrors = new StringWriter();
        var keyErrors = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", badValue), new StringWriter(), valueErrors));
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", unknownKey), new StringWriter(), keyErrors));

        Assert.Contains("'maybe' at 'Inference:Models:0:AdaptiveDelay' is not true or false", valueErrors.ToString(), StringComparison.Ordinal);
        Assert.Contains("'Inference:Models:0:Colour' is not a known key (known in Inference:Models[]: Name, Path,", keyErrors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_syntax_error_exits_78_with_the_reason()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("broken.json", """{ "Sampling": { "Interval": """);
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr));
        Assert.Contains($"configuration file {path} has a JSON syntax error at line 1, column 29: Expected depth to be zero", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_78()
    {
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", "/nonexistent/pitune.json"), new StringWriter(), stderr));
        Assert.Contains("configuration file /nonexistent/pitune.json not found", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_is_blamed_on_the_source_it_came_from_not_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("good.json", """{ "Sampling": { "Interval": "00:00:01" }, "Governor": { "Idle": "turbo" } }""");
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", path, "--Sampling:Interval=abc"), new StringWriter(), stderr));

        string[] lines = stderr.ToString().Split('\n');
        Assert.Contains(lines, l => l.Contains("'abc' at 'Sampling:Interval'", StringComparison.Ordinal) && l.Contains("(from the command line: --Sampling:Interval)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Governor:Idle \"turbo\"", StringComparison.Ordinal) && l.Contains($"(from {path})", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_value_from_the_environment_names_its_variable()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sampling:Interval"] = "00:00:01" })
            .Add(new Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource())
            .Build();
        var env = (Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider)((Microsoft.Extensions.Configuration.IConfigurationRoot)configuration).Providers.Last();
        env.Set("Sampling:Interval", "abc");

        Assert.Equal("'abc' at 'Sampling:Interval' is bad (from the environment: PITUNE_Sampling__Interval)", ConfigOrigins.Annotate(configuration, "'abc' at 'Sampling:Interval' is bad"));
    }

    [Fact]
    public void An_unknown_key_and_type_errors_do_not_hide_range_errors_in_the_same_section()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("bad.json",
            """{ "Sampling": { "Intervall": "1", "LogEachTick": "maybe", "Interval": "-5" }, "Fan": { "PollInterval": 3 } }""");
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr));

        string text = stderr.ToString();
        Assert.Contains("4 problem(s)", text, StringComparison.Ordinal);
        Assert.Contains("'Sampling:Intervall' is not a known key (known in Sampling: Interval, LogEachTick, HistorySpan, DebugHangFile)", text, StringComparison.Ordinal);
        Assert.Contains("'maybe' at 'Sampling:LogEachTick' is not true or false", text, StringComparison.Ordinal);
        Assert.Contains("Sampling:Interval must be between", text, StringComparison.Ordinal);
        Assert.Contains("'Fan:PollInterval' is not a known key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_in_a_section_is_listed_not_only_the_first()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("bad.json", """
            {
              "Sampling": { "Interval": "-00:00:05", "DebugHangFile": "relative/hang" },
              "Api": { "TcpPort": 70000, "MaxRequestBodyMB": 0 },
              "Log": { "Target": "Printer", "JournalSocket": "journal" }
            }
            """);
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr));

        string text = stderr.ToString();
        Assert.Contains("Sampling:Interval must be between", text, StringComparison.Ordinal);
        Assert.Contains("Sampling:DebugHangFile must be an absolute path or empty, was \"relative/hang\"", text, StringComparison.Ordinal);
        Assert.Contains("Api:TcpPort must be from 0 (none) to 65535, was 70000", text, StringComparison.Ordinal);
        Assert.Contains("Api:MaxRequestBodyMB must be from 1 to 2047, was 0", text, StringComparison.Ordinal);
        Assert.Contains("Log:JournalSocket must be an absolute path, was \"journal\"", text, StringComparison.Ordinal);
        Assert.Contains("Printer", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sampling", "Interval", "\"abc\"", "'abc' at 'Sampling:Interval' is not a duration such as 00:00:01")]
    [InlineData("Optimization", "CpuPercent", "\"lots\"", "'lots' at 'Optimization:CpuPercent' is not a number")]
    [InlineData("BufferPool", "MaxSizeMB", "\"1.5\"", "'1.5' at 'BufferPool:MaxSizeMB' is not a whole number")]
    [InlineData("Priority", "Policy", "\"Turbo\"", "'Turbo' at 'Priority:Policy' is not one of Other, Fifo, RoundRobin")]
    public void A_value_of_the_wrong_type_is_said_in_words_with_its_full_key(string section, string key, string json, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("bad.json", $$"""{ "{{section}}": { "{{key}}": {{json}} } }""");
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr));
        Assert.Contains(expected, stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to convert", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_that_does_not_exist_is_a_problem()
    {
        using var dir = new TempDirectory();
        string missing = dir.Combine("missing.onnx");
        string path = dir.WriteFile("bad.json", $$"""{ "Inference": { "Models": [ { "Name": "m", "Path": "{{missing}}" } ] } }""");
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr));
        Assert.Contains($"'{missing}' at 'Inference:Models:0:Path' does not exist", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_path_that_is_a_directory_is_called_a_directory()
    {
        using var dir = new TempDirectory();
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", dir.Path), new StringWriter(), stderr));
        Assert.Contains($"configuration file {dir.Path} is a directory, not a file", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_configuration_file_is_called_empty()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("empty.json", " \n");
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr));
        Assert.Contains($"configuration file {path} is empty", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_at_the_system_configuration_path_is_chosen_and_called_a_directory_not_skipped()
    {
        using var dir = new TempDirectory();
        string system = dir.Combine("etc/appsettings.json");
        Directory.CreateDirectory(system);
        string beside = dir.WriteFile("bin/appsettings.json", "{}");

        ConfigSource source = ConfigSource.Resolve(null, system, beside);

        Assert.Equal(system, source.Path);
        Assert.Null(ConfigurationFactory.TryBuild(source, new Dictionary<string, string?>(), [], reloadOnChange: false, out string? error));
        Assert.Equal($"configuration file {system} is a directory, not a file", error);
    }

    private static CommandLine Parse(params string[] args) => CommandLine.Parse(args, out _)!;
}
