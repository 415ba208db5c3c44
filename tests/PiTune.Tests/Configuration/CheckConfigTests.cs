using PiTune.Cli;
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
        Assert.Contains("'Sampling:Interval'", text, StringComparison.Ordinal);
        Assert.Contains("Samplng: unknown section", text, StringComparison.Ordinal);
        Assert.Contains("Governor: unknown key(s) 'Idel'", text, StringComparison.Ordinal);
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

        Assert.Contains("'maybe' at 'Inference:Models:0:AdaptiveDelay'", valueErrors.ToString(), StringComparison.Ordinal);
        Assert.Contains("Inference:Models[]: unknown key(s) 'Colour' (known: Name, Path,", keyErrors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_syntax_error_exits_78_with_the_reason()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("broken.json", """{ "Sampling": { "Interval": """);
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", path), new StringWriter(), stderr));
        Assert.Contains("cannot read configuration", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_78()
    {
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Config, CheckConfigCommand.Run(Parse("check-config", "/nonexistent/pitune.json"), new StringWriter(), stderr));
        Assert.Contains("does not exist", stderr.ToString(), StringComparison.Ordinal);
    }

    private static CommandLine Parse(params string[] args) => CommandLine.Parse(args, out _)!;
}
