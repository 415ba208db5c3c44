using PiTune.Cli;

namespace PiTune.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void No_arguments_means_run()
    {
        CommandLine? parsed = CommandLine.Parse([], out string? error);
        Assert.NotNull(parsed);
        Assert.Null(error);
        Assert.Equal("run", parsed.Verb);
    }

    [Fact]
    public void Run_flags_are_parsed_and_config_keys_passed_through()
    {
        CommandLine? parsed = CommandLine.Parse(
            ["run", "--simulate", "--sim-speed", "10", "--for", "60s", "--Sampling:Interval=00:00:00.5", "--Governor:Idle", "powersave"], out _);
        Assert.NotNull(parsed);
        Assert.True(parsed.Simulate);
        Assert.Equal(10, parsed.SimSpeed);
        Assert.Equal(TimeSpan.FromSeconds(60), parsed.RunFor);
        Assert.Equal(["--Sampling:Interval=00:00:00.5", "--Governor:Idle", "powersave"], parsed.ConfigArgs);
    }

    [Fact]
    public void Check_config_takes_a_path()
    {
        CommandLine? parsed = CommandLine.Parse(["check-config", "/tmp/x.json"], out _);
        Assert.NotNull(parsed);
        Assert.Equal("check-config", parsed.Verb);
        Assert.Equal(["/tmp/x.json"], parsed.Positional);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown verb")]
    [InlineData(new[] { "run", "--for", "soon" }, "--for needs a positive duration")]
    [InlineData(new[] { "run", "--sim-speed", "fast", "--simulate" }, "--sim-speed must be a number")]
    [InlineData(new[] { "run", "--root" }, "--root needs a value")]
    [InlineData(new[] { "run", "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "run", "--simulate", "--root", "/x" }, "exclude each other")]
    [InlineData(new[] { "run", "--Sampling:Interval" }, "--Sampling:Interval needs a value (--Sampling:Interval=VALUE)")]
    [InlineData(new[] { "run", "--Sampling:Interval", "--for", "5s" }, "--Sampling:Interval needs a value")]
    [InlineData(new[] { "check-config", "--Governor:Idle", "--Sampling:Interval=00:00:01" }, "--Governor:Idle needs a value")]
    public void Mistakes_are_named(string[] args, string expected)
    {
        Assert.Null(CommandLine.Parse(args, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:01:30", 90_000)]
    public void Durations_read_as_people_write_them(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out TimeSpan duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("soon")]
    public void Nonsense_durations_are_refused(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
