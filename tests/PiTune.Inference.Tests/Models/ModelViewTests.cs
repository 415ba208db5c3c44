using PiTune.Inference.Models;

namespace PiTune.Inference.Tests.Models;

public sealed class ModelViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_unavailable_model_says_why_and_when_it_is_tried_again()
    {
        var view = new ModelView(ModelState.Unavailable, "no Hailo device found (HAILO_OUT_OF_PHYSICAL_DEVICES)", null, false, Now.AddSeconds(7.2));

        Assert.Equal("unavailable: no Hailo device found (HAILO_OUT_OF_PHYSICAL_DEVICES); retrying in 8 s", view.Describe(Now));
        Assert.Equal(8, view.RetryInSeconds(Now));
    }

    [Fact]
    public void A_model_on_its_fallback_is_ready_and_says_so_with_the_reason()
    {
        var view = new ModelView(ModelState.Ready, "libhailort not found", null, true, Now.AddSeconds(2));

        Assert.Equal("ready (fallback: onnx): libhailort not found; retrying in 2 s", view.Describe(Now));
    }

    [Fact]
    public void A_disabled_model_has_no_retry()
    {
        var view = new ModelView(ModelState.Disabled, "corrupt", null, false, null);

        Assert.Equal("disabled: corrupt", view.Describe(Now));
        Assert.Null(view.RetryInSeconds(Now));
    }

    [Fact]
    public void A_retry_already_due_reads_zero_seconds()
    {
        var view = new ModelView(ModelState.Unavailable, "x", null, false, Now.AddSeconds(-3));

        Assert.Equal(0, view.RetryInSeconds(Now));
    }
}
