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
    public void Bench_takes_shm()
    {
        CommandLine? parsed = CommandLine.Parse(["bench", "--shm", "--concurrency", "4", "--socket", "/tmp/s.sock"], out string? error);
        Assert.True(parsed is not null, error);
        Assert.True(parsed.Shm);
        Assert.Equal(4, parsed.Concurrency);
        Assert.False(CommandLine.Parse(["bench"], out _)!.Shm);
        Assert.Contains("--shm", HelpText.For("bench"), StringComparison.Ordinal);
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
    [InlineData("run")]
    [InlineData("check-config")]
    [InlineData("status")]
    [InlineData("bench")]
    [InlineData("optimize")]
    [InlineData("profile")]
    [InlineData("top")]
    public void Each_verb_has_its_own_help(string verb)
    {
        CommandLine? parsed = CommandLine.Parse([verb, "--help"], out string? error);
        Assert.True(parsed is not null, error);
        Assert.True(parsed.Help);
        Assert.Equal(verb, parsed.Verb);
        string help = HelpText.For(verb);
        Assert.StartsWith($"usage: pitune {verb}", help, StringComparison.Ordinal);
        Assert.NotEqual(CommandLine.Usage, help);
    }

    [Fact]
    public void Help_without_a_verb_is_the_whole_usage()
    {
        Assert.Equal(CommandLine.Usage, HelpText.For(CommandLine.Parse(["--help"], out _)!.Verb));
        Assert.Equal(CommandLine.Usage, HelpText.For(CommandLine.Parse(["help"], out _)!.Verb));
    }

    [Theory]
    [InlineData("-V")]
    [InlineData("--version")]
    public void Version_is_asked_with_V_or_version(string flag) => Assert.Equal("version", CommandLine.Parse([flag], out _)!.Verb);

    [Theory]
    [InlineData(new[] { "check-config", "a.json", "b.json" }, "check-config takes one PATH")]
    [InlineData(new[] { "status", "now" }, "status takes no argument 'now'")]
    [InlineData(new[] { "run", "fast" }, "run takes no argument 'fast'")]
    [InlineData(new[] { "optimize", "a.onnx", "b.onnx", "--out", "c" }, "optimize takes one MODEL")]
    [InlineData(new[] { "profile", "set" }, "profile set needs a NAME")]
    [InlineData(new[] { "profile", "frob" }, "unknown profile command 'frob'")]
    public void Extra_or_missing_arguments_are_refused(string[] args, string expected)
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
