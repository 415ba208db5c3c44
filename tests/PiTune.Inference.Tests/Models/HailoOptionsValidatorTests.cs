using PiTune.Inference.Models;

namespace PiTune.Inference.Tests.Models;

public sealed class HailoOptionsValidatorTests
{
    [Fact]
    public void A_hef_model_with_its_defaults_is_accepted()
    {
        Assert.True(Validate(Hef()).Succeeded);
    }

    [Fact]
    public void Sharing_the_chip_without_a_group_id_says_to_set_one_the_other_programs_use()
    {
        InferenceOptions options = Hef();
        options.Hailo.MultiProcessService = true;

        string failure = Assert.Single(Validate(options).Failures!);

        Assert.StartsWith("Inference:Hailo:GroupId must be set, and not \"UNIQUE\", when MultiProcessService is true", failure, StringComparison.Ordinal);
        Assert.Contains("\"SHARED\"", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Sharing_the_chip_under_the_unique_group_is_refused()
    {
        InferenceOptions options = Hef();
        options.Hailo.MultiProcessService = true;
        options.Hailo.GroupId = "UNIQUE";

        Assert.Contains("was \"UNIQUE\"", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(32)]
    public void A_scheduler_priority_outside_0_to_31_is_named_with_its_value(int priority)
    {
        InferenceOptions options = Hef();
        options.Models[0].Hailo.SchedulerPriority = priority;

        Assert.Equal($"Inference:Models:0:Hailo:SchedulerPriority must be from 0 to 31 (higher wins; 16 is HailoRT's normal), was {priority}",
            Assert.Single(Validate(options).Failures!));
    }

    [Fact]
    public void A_relative_library_path_is_refused()
    {
        InferenceOptions options = Hef();
        options.Hailo.LibraryPath = "lib/libhailort.so";

        Assert.StartsWith("Inference:Hailo:LibraryPath must be an absolute path", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fallback_that_is_not_an_onnx_file_is_refused()
    {
        InferenceOptions options = Hef();
        options.Models[0].Fallback = "models/other.hef";

        Assert.StartsWith("Inference:Models:0:Fallback must name an .onnx model", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fallback_on_an_onnx_model_says_it_is_for_hailort_models()
    {
        var options = new InferenceOptions { Models = [new ModelOptions { Name = "m", Path = "m.onnx", Fallback = "other.onnx" }] };

        Assert.StartsWith("Inference:Models:0:Fallback is for HailoRT models", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Backend_hailo_with_an_onnx_path_asks_for_a_hef()
    {
        var options = new InferenceOptions { Models = [new ModelOptions { Name = "m", Path = "m.onnx", Backend = ModelBackend.Hailo }] };

        Assert.StartsWith("Inference:Models:0:Path must name a .hef", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_only_keys_on_a_hef_model_are_named()
    {
        InferenceOptions options = Hef();
        options.Models[0].InputShape = [3, 224, 224];

        Assert.Contains("InputName, OutputNames and InputShape apply to ONNX models (a Fallback)", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_keys_on_a_hef_model_with_a_fallback_are_the_fallbacks()
    {
        InferenceOptions options = Hef();
        options.Models[0].Fallback = "models/det.onnx";
        options.Models[0].InputShape = [3, 224, 224];

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void A_retry_maximum_below_the_first_wait_is_refused()
    {
        InferenceOptions options = Hef();
        options.Hailo.RetryInitial = TimeSpan.FromSeconds(10);
        options.Hailo.RetryMax = TimeSpan.FromSeconds(5);

        Assert.StartsWith("Inference:Hailo:RetryMax must be from RetryInitial (00:00:10)", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m.hef", "Auto", "Hailo")]
    [InlineData("m.HEF", "Auto", "Hailo")]
    [InlineData("m.onnx", "Auto", "Onnx")]
    [InlineData("m.onnx", "Onnx", "Onnx")]
    [InlineData("m.hef", "Hailo", "Hailo")]
    public void The_backend_follows_the_file_unless_named(string path, string backend, string resolved)
    {
        Assert.Equal(resolved, new ModelOptions { Path = path, Backend = Enum.Parse<ModelBackend>(backend) }.ResolveBackend().ToString());
    }

    private static InferenceOptions Hef() => new() { Models = [new ModelOptions { Name = "det", Path = "models/det.hef" }] };

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(InferenceOptions options) =>
        new InferenceOptionsValidator().Validate(null, options);
}
