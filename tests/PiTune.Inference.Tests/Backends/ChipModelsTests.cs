using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Metrics;
using PiTune.Inference.Batching;
using PiTune.Inference.Hailo;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Inference.Tests.Hailo;
using PiTune.Inference.Tests.Support;
using PiTune.TestSupport;

namespace PiTune.Inference.Tests.Backends;

/// <summary>
/// A HailoRT model in the engine over the fake libhailort: unavailable with the reason while the chip cannot be used,
/// said once, tried again on the fake clock with back-off, onto the chip when it appears; its ONNX fallback meanwhile.
/// </summary>
[Collection(nameof(HailoCollection))]
public sealed class ChipModelsTests : IDisposable
{
    private readonly FakeChip _chip = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly BufferPool _pool = new(64L << 20);
    private readonly ListLogger _log = new();
    private InferenceEngine? _engine;

    public void Dispose()
    {
        _engine?.Dispose();
        _pool.Dispose();
        _chip.Dispose();
    }

    [Fact]
    public void A_missing_chip_makes_the_model_unavailable_said_once_and_the_chip_appearing_later_is_picked_up()
    {
        _chip.Control.SetMode("no-device");
        ModelEntry entry = Load(Tiny());

        Assert.Equal(ModelState.Unavailable, entry.State);
        Assert.Contains("HAILO_OUT_OF_PHYSICAL_DEVICES", entry.Error, StringComparison.Ordinal);
        Assert.Equal(2, entry.View.RetryInSeconds(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ModelState.Unavailable, entry.State);
        Assert.Equal(4, entry.View.RetryInSeconds(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(8, entry.View.RetryInSeconds(_time.GetUtcNow()));
        Assert.Single(_log.Lines, l => l.Contains(" 3030 ", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, l => l.Contains(" 3031 ", StringComparison.Ordinal));

        _chip.Control.SetMode("no-driver");
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.Contains("HAILO_DRIVER_NOT_INSTALLED", entry.Error, StringComparison.Ordinal);
        Assert.Single(_log.Lines, l => l.Contains(" 3031 ", StringComparison.Ordinal));

        _chip.Control.SetMode(null);
        _time.Advance(TimeSpan.FromSeconds(8)); // the wait is at its maximum of 8 s
        Assert.Equal(ModelState.Ready, entry.State);
        Assert.Equal("HailoRT HAILO8L", entry.Batcher!.Model.Provider);
        Assert.Contains(_log.Lines, l => l.Contains(" 3032 Model tiny is on the Hailo chip now (HailoRT HAILO8L) after 4 failed tries", StringComparison.Ordinal));
        AssertServesTinyOp(entry.Batcher);
    }

    [Fact]
    public void A_chip_held_by_another_program_is_unavailable_and_picked_up_once_freed()
    {
        _chip.Control.SetMode("busy");
        ModelEntry entry = Load(Tiny());
        Assert.Equal(ModelState.Unavailable, entry.State);

        _chip.Control.SetMode(null);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(ModelState.Ready, entry.State);
    }

    [Fact]
    public void The_fallback_serves_under_the_same_name_until_the_chip_appears_and_then_stops()
    {
        _chip.Control.SetMode("no-device");
        ModelOptions options = Tiny();
        options.Fallback = TestModels.ClassifierPath;
        options.InputShape = [3, 48, 192];
        ModelEntry entry = Load(options);

        Assert.Equal(ModelState.Ready, entry.State);
        Assert.True(entry.View.OnFallback);
        Assert.Equal("CPU", entry.Batcher!.Model.Provider);
        Assert.StartsWith("ready (fallback: onnx): hailo_create_vdevice", entry.View.Describe(_time.GetUtcNow()), StringComparison.Ordinal);
        ModelBatcher fallback = entry.Batcher;

        _chip.Control.SetMode(null);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(ModelState.Ready, entry.State);
        Assert.False(entry.View.OnFallback);
        Assert.NotSame(fallback, entry.Batcher);
        Assert.Equal("HailoRT HAILO8L", entry.Batcher!.Model.Provider);
        Assert.False(fallback.TrySubmit(new InferenceRequest(Rent(4 * TestModels.ItemElements), 1, DateTimeOffset.MaxValue)), "the fallback stopped");
    }

    [Fact]
    public void A_network_the_chip_can_no_longer_run_makes_the_model_unavailable_said_once_and_configured_afresh_once_the_chip_is_back()
    {
        ModelEntry entry = Load(Tiny());
        ModelBatcher onChip = entry.Batcher!;

        // The chip goes away under the running network: the batch fails and its vstreams cannot be made again.
        _chip.Control.SetMode("gone");
        InferenceResult failed = Serve(onChip, 4);

        Assert.Equal(RequestStatus.Failed, failed.Status);
        Assert.Contains("HAILO_DRIVER_OPERATION_FAILED", failed.Error, StringComparison.Ordinal);
        Assert.Equal(ModelState.Unavailable, entry.State);
        Assert.Contains("the vstreams could not be made again", entry.Error, StringComparison.Ordinal);
        Assert.Contains("HAILO_DRIVER_OPERATION_FAILED", entry.Error, StringComparison.Ordinal);
        Assert.Equal(2, entry.View.RetryInSeconds(_time.GetUtcNow()));

        // A request that took the old batcher before the swap is answered, and nothing more is said of it.
        InferenceResult late = Serve(onChip, 4);
        Assert.Equal(RequestStatus.Failed, late.Status);
        Assert.Contains("the vstreams could not be made again", late.Error, StringComparison.Ordinal);
        string said = Assert.Single(_log.Lines, l => l.Contains("HAILO_DRIVER_OPERATION_FAILED", StringComparison.Ordinal));
        Assert.Contains(" 3038 Model tiny: the Hailo chip can no longer run it: ", said, StringComparison.Ordinal);
        Assert.Contains("trying again in 2 s", said, StringComparison.Ordinal);

        // The try configures it afresh: the old network is released (the device closes with it) and reopening fails.
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ModelState.Unavailable, entry.State);
        Assert.Contains("HAILO_OUT_OF_PHYSICAL_DEVICES", entry.Error, StringComparison.Ordinal);
        Assert.Equal(4, entry.View.RetryInSeconds(_time.GetUtcNow()));
        Assert.Single(_log.Lines, l => l.Contains(" 3031 ", StringComparison.Ordinal));
        Assert.False(onChip.TrySubmit(new InferenceRequest(Rent(4 * sizeof(float)), 1, DateTimeOffset.MaxValue)), "the broken batcher stopped");

        _chip.Control.SetMode(null);
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(ModelState.Ready, entry.State);
        Assert.NotSame(onChip, entry.Batcher);
        Assert.Equal("HailoRT HAILO8L", entry.Batcher!.Model.Provider);
        Assert.Contains(_log.Lines, l => l.Contains(" 3032 Model tiny is on the Hailo chip now (HailoRT HAILO8L) after 2 failed tries", StringComparison.Ordinal));
        AssertServesTinyOp(entry.Batcher);
    }

    [Fact]
    public void While_the_network_cannot_run_the_fallback_serves_under_the_models_name()
    {
        ModelOptions options = Tiny();
        options.Fallback = TestModels.ClassifierPath;
        options.InputShape = [3, 48, 192];
        ModelEntry entry = Load(options);
        ModelBatcher onChip = entry.Batcher!;
        Assert.False(entry.View.OnFallback);

        _chip.Control.SetMode("gone");
        Assert.Equal(RequestStatus.Failed, Serve(onChip, 4).Status);

        AssertServesOnFallback(entry, "tiny: the vstreams could not be made again");
        Assert.Contains(_log.Lines, l => l.Contains(" 3038 ", StringComparison.Ordinal)
            && l.EndsWith($"; the ONNX fallback {TestModels.ClassifierPath} serves as tiny meanwhile", StringComparison.Ordinal));
        ModelBatcher fallback = entry.Batcher!;

        _chip.Control.SetMode(null);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(entry.View.OnFallback);
        Assert.Equal("HailoRT HAILO8L", entry.Batcher!.Model.Provider);
        Assert.False(fallback.TrySubmit(new InferenceRequest(Rent(TestModels.ItemElements * sizeof(float)), 1, DateTimeOffset.MaxValue)), "the fallback stopped");
        AssertServesTinyOp(entry.Batcher);
    }

    [Fact]
    public void When_the_chip_fails_under_one_model_every_model_on_it_comes_off_and_all_are_back_on_a_device_opened_afresh()
    {
        ModelEntry[] entries = LoadAll(Tiny("a"), Tiny("b"));
        ModelEntry a = entries[0], b = entries[1];
        Assert.Equal(ModelState.Ready, a.State);
        Assert.Equal(ModelState.Ready, b.State);
        ModelBatcher aOnChip = a.Batcher!, bOnChip = b.Batcher!;
        ulong opened = FakeHailort.VdevicesCreated();

        // The chip is reset under both networks; only a's batch finds out (b is idle).
        _chip.Control.SetMode("gone");
        Assert.Equal(RequestStatus.Failed, Serve(aOnChip, 4).Status);
        _chip.Control.SetMode(null);

        Assert.Equal(ModelState.Unavailable, a.State);
        Assert.Equal(ModelState.Unavailable, b.State);
        Assert.StartsWith("the Hailo chip failed under model a: a: the vstreams could not be made again", b.Error, StringComparison.Ordinal);
        Assert.Equal(2, b.View.RetryInSeconds(_time.GetUtcNow()));
        Assert.Single(_log.Lines, l => l.Contains(" 3038 Model a: the Hailo chip can no longer run it: a: ", StringComparison.Ordinal));
        Assert.Single(_log.Lines, l => l.Contains(" 3038 Model b: the Hailo chip can no longer run it: the Hailo chip failed under model a: ", StringComparison.Ordinal));

        // A request that took b's old batcher before it came off fails on the dead network; nothing more is said of b.
        InferenceResult late = Serve(bOnChip, 4);
        Assert.Equal(RequestStatus.Failed, late.Status);
        Assert.Contains("b: the vstreams could not be made again", late.Error, StringComparison.Ordinal);
        Assert.StartsWith("the Hailo chip failed under model a: ", b.Error, StringComparison.Ordinal);
        Assert.Single(_log.Lines, l => l.Contains(" 3038 Model b: ", StringComparison.Ordinal));

        // The old device closes with the last network released, and the tries configure both on one opened afresh.
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(ModelState.Ready, a.State);
        Assert.Equal(ModelState.Ready, b.State);
        Assert.Equal(opened + 1, FakeHailort.VdevicesCreated());
        Assert.NotSame(aOnChip, a.Batcher);
        Assert.NotSame(bOnChip, b.Batcher);
        Assert.False(bOnChip.TrySubmit(new InferenceRequest(Rent(4 * sizeof(float)), 1, DateTimeOffset.MaxValue)), "b's old batcher stopped");
        AssertServesTinyOp(a.Batcher!);
        AssertServesTinyOp(b.Batcher!);
        Assert.Single(_log.Lines, l => l.Contains(" 3032 Model a is on the Hailo chip now", StringComparison.Ordinal));
        Assert.Single(_log.Lines, l => l.Contains(" 3032 Model b is on the Hailo chip now", StringComparison.Ordinal));
    }

    [Fact]
    public void When_the_chip_fails_under_another_model_a_models_fallback_serves_until_both_are_back()
    {
        ModelOptions withFallback = Tiny("b");
        withFallback.Fallback = TestModels.ClassifierPath;
        withFallback.InputShape = [3, 48, 192];
        ModelEntry[] entries = LoadAll(Tiny("a"), withFallback);
        ModelEntry a = entries[0], b = entries[1];
        Assert.False(b.View.OnFallback);

        _chip.Control.SetMode("gone");
        Assert.Equal(RequestStatus.Failed, Serve(a.Batcher!, 4).Status);
        _chip.Control.SetMode(null);

        Assert.Equal(ModelState.Unavailable, a.State);
        AssertServesOnFallback(b, "the Hailo chip failed under model a: a: the vstreams could not be made again");
        ModelBatcher fallback = b.Batcher!;

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(ModelState.Ready, a.State);
        Assert.False(b.View.OnFallback);
        Assert.Equal("HailoRT HAILO8L", b.Batcher!.Model.Provider);
        Assert.False(fallback.TrySubmit(new InferenceRequest(Rent(TestModels.ItemElements * sizeof(float)), 1, DateTimeOffset.MaxValue)), "the fallback stopped");
        AssertServesTinyOp(a.Batcher!);
        AssertServesTinyOp(b.Batcher);
    }

    [Fact]
    public void Stopping_after_the_chip_failed_under_one_of_two_models_disposes_both_networks_once_and_lets_the_chip_go()
    {
        ModelEntry[] entries = LoadAll(Tiny("a"), Tiny("b"));
        ModelBatcher aOnChip = entries[0].Batcher!, bOnChip = entries[1].Batcher!;
        _chip.Control.SetMode("gone");
        Serve(aOnChip, 4);
        _chip.Control.SetMode(null);

        _engine!.Dispose();

        Assert.False(aOnChip.TrySubmit(new InferenceRequest(Rent(4 * sizeof(float)), 1, DateTimeOffset.MaxValue)), "a's batcher stopped");
        Assert.False(bOnChip.TrySubmit(new InferenceRequest(Rent(4 * sizeof(float)), 1, DateTimeOffset.MaxValue)), "b's batcher stopped");
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null)); // no vdevice of PiTune's holds the chip
    }

    [Fact]
    public void A_model_that_ran_on_the_chip_is_tried_again_when_its_warm_up_fails_after_the_chip_came_back()
    {
        ModelEntry entry = Load(Tiny());
        _chip.Control.SetMode("gone");
        Serve(entry.Batcher!, 4);
        Assert.Equal(ModelState.Unavailable, entry.State);

        // Back, but not answering yet: the warm-up of the network configured afresh times out.
        _chip.Control.SetMode(null);
        _chip.Control.SetStall(true);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(ModelState.Unavailable, entry.State);
        Assert.StartsWith("warm-up failed: hailo_vstream_read_raw_buffer: HAILO_TIMEOUT (4)", entry.Error, StringComparison.Ordinal);
        Assert.Equal(4, entry.View.RetryInSeconds(_time.GetUtcNow()));

        _chip.Control.SetStall(false);
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(ModelState.Ready, entry.State);
        AssertServesTinyOp(entry.Batcher!);
    }

    [Fact]
    public void Stopping_before_the_try_disposes_the_network_the_chip_could_not_run_and_lets_the_chip_go()
    {
        ModelEntry entry = Load(Tiny());
        ModelBatcher onChip = entry.Batcher!;
        _chip.Control.SetMode("gone");
        Serve(onChip, 4);
        Assert.Equal(ModelState.Unavailable, entry.State);
        _chip.Control.SetMode(null);

        _engine!.Dispose();

        Assert.False(onChip.TrySubmit(new InferenceRequest(Rent(4 * sizeof(float)), 1, DateTimeOffset.MaxValue)), "the broken batcher stopped");
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null)); // no vdevice of PiTune's holds the chip
    }

    [Fact]
    public void A_batch_the_chip_times_out_on_fails_alone_and_the_model_stays_on_the_chip()
    {
        ModelEntry entry = Load(Tiny());
        ModelBatcher onChip = entry.Batcher!;

        _chip.Control.SetStall(true);
        InferenceResult failed = Serve(onChip, 4);

        Assert.Equal(RequestStatus.Failed, failed.Status);
        Assert.Contains("HAILO_TIMEOUT", failed.Error, StringComparison.Ordinal);
        Assert.Equal(ModelState.Ready, entry.State);
        Assert.Same(onChip, entry.Batcher);
        Assert.Null(entry.View.RetryAt);

        _chip.Control.SetStall(false);
        AssertServesTinyOp(onChip);
        Assert.DoesNotContain(_log.Lines, l => l.Contains(" 3030 ", StringComparison.Ordinal) || l.Contains(" 3038 ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_chip_that_times_out_the_warm_up_at_start_disables_the_model_with_why_and_loading_goes_on()
    {
        _chip.Control.SetStall(true);

        ModelEntry entry = Load(Tiny());

        Assert.Equal(ModelState.Disabled, entry.State);
        Assert.StartsWith("warm-up failed: hailo_vstream_read_raw_buffer: HAILO_TIMEOUT (4)", entry.Error, StringComparison.Ordinal);
        Assert.True(_engine!.IsLoaded);
        Assert.Single(_log.Lines, l => l.Contains(" 3001 Model tiny disabled: warm-up failed: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_model_is_disabled_and_not_tried_again()
    {
        string path = _chip.Model("bad.hef");
        File.WriteAllText(path, "FAKEHEF 1\narchitecture HAILO8L\ngroup bad\ninput in 1 1\n");
        ModelOptions options = Tiny();
        options.Path = path;
        ModelEntry entry = Load(options);

        Assert.Equal(ModelState.Disabled, entry.State);
        Assert.Contains("HAILO_HEF_FILE_CORRUPTED", entry.Error, StringComparison.Ordinal);
        Assert.Null(entry.View.RetryAt);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(_log.Lines, l => l.Contains("HAILO_HEF_FILE_CORRUPTED", StringComparison.Ordinal));
        Assert.Contains(" 3001 Model tiny disabled: ", _log.Lines.Single(l => l.Contains("HAILO_HEF_FILE_CORRUPTED", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_for_the_other_chip_is_disabled_with_hailorts_reason()
    {
        string path = FakeHailort.WriteModel(_chip.Model("h8.hef"), "h8", "HAILO8",
            [new FakeHailort.Stream("in", 1, 1, 4, 128f, 0.5f)], [new FakeHailort.Output("out", 1, 1, 4, 128f, 0.5f, "add", 1)]);
        ModelOptions options = Tiny();
        options.Path = path;

        ModelEntry entry = Load(options);

        Assert.Equal(ModelState.Disabled, entry.State);
        Assert.Contains("HAILO_HEF_NOT_COMPATIBLE_WITH_DEVICE", entry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_snapshot_carries_the_chip_its_temperatures_and_frames()
    {
        _chip.Control.SetTemperatures(61.5f, 63.25f);
        ModelEntry entry = Load(Tiny());
        var draft = new ResourceMetricsDraft();
        _engine!.Contribute(draft);
        AssertServesTinyOp(entry.Batcher!);
        _time.Advance(TimeSpan.FromSeconds(1));

        _engine.Contribute(draft);

        ChipMetrics chip = draft.Accelerator.Chip ?? throw new InvalidOperationException("no chip in the snapshot");
        Assert.Equal("HAILO8L", chip.Architecture);
        Assert.Equal(61.5, chip.Sensor0!.Value.Value, 3);
        Assert.Equal(63.25, chip.Sensor1!.Value.Value, 3);
        Assert.Equal(1, chip.Models);
        Assert.Equal(2, chip.FramesPerSecond, 3); // two frames in the fake clock's one second
        Assert.Equal(0, chip.FramesInFlight);
    }

    private ModelOptions Tiny(string name = "tiny") => new()
    {
        Name = name,
        Path = FakeHailort.WriteDefaultModel(_chip.Model(name + ".hef"), group: name),
        MaxBatchSize = 4,
        WarmupRuns = 1,
        ArenaShrinkAfterIdle = TimeSpan.Zero,
    };

    private ModelEntry Load(ModelOptions model) => LoadAll(model)[0];

    /// <summary>The models loaded by one engine, in the order given; each is asserted ready or not by the caller.</summary>
    private ModelEntry[] LoadAll(params ModelOptions[] models)
    {
        var options = new InferenceOptions
        {
            Models = [.. models],
            Hailo = new HailoOptions { LibraryPath = FakeHailort.LibraryDirectory(), RetryInitial = TimeSpan.FromSeconds(2), RetryMax = TimeSpan.FromSeconds(8) },
        };
        _engine = new InferenceEngine(options, _pool, _time, _log);
        _engine.LoadAll(CancellationToken.None);
        return [.. models.Select(m => _engine.TryGet(m.Name, out ModelEntry entry) ? entry : throw new InvalidOperationException($"no entry {m.Name}"))];
    }

    private PooledBuffer Rent(long bytes)
    {
        Assert.Equal(RentStatus.Ok, _pool.TryRent(bytes, out PooledBuffer? buffer));
        return buffer!;
    }

    /// <summary>One row of zeros through <paramref name="batcher"/>, waited for (it is answered whatever happens to the chip).</summary>
    private InferenceResult Serve(ModelBatcher batcher, int bytes)
    {
        PooledBuffer buffer = Rent(bytes);
        buffer.Bytes.Clear();
        var request = new InferenceRequest(buffer, 1, DateTimeOffset.MaxValue);
        Assert.True(batcher.TrySubmit(request));
        return request.Completion.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    /// <summary>The entry is ready on its ONNX fallback, described with <paramref name="reason"/>, and serves a row of zeros.</summary>
    private void AssertServesOnFallback(ModelEntry entry, string reason)
    {
        Assert.Equal(ModelState.Ready, entry.State);
        Assert.True(entry.View.OnFallback);
        Assert.Equal("CPU", entry.Batcher!.Model.Provider);
        Assert.StartsWith("ready (fallback: onnx): " + reason, entry.View.Describe(_time.GetUtcNow()), StringComparison.Ordinal);
        InferenceResult onFallback = Serve(entry.Batcher, TestModels.ItemElements * sizeof(float));
        Assert.True(onFallback.Status == RequestStatus.Ok, onFallback.Error);
        _pool.Return(onFallback.Output!);
    }

    /// <summary>Two frames through the batcher: outputs "zeta" (input + 3 quantised) then "alpha" (sum of the bytes + i), de-quantised.</summary>
    private void AssertServesTinyOp(ModelBatcher batcher)
    {
        float[] input = [-1f, 0f, 0.5f, 2f, 3f, -2.5f, 1f, 0f];
        PooledBuffer buffer = Rent(input.Length * sizeof(float));
        input.CopyTo(buffer.Floats);
        var request = new InferenceRequest(buffer, 2, DateTimeOffset.MaxValue);
        Assert.True(batcher.TrySubmit(request));
        InferenceResult result = request.Completion.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        Assert.True(result.Status == RequestStatus.Ok, result.Error);
        float[] actual = result.Output!.Floats.ToArray();
        _pool.Return(result.Output);

        var zeta = new FakeHailort.Output("zeta", 1, 1, 4, 128f, 0.5f, "add", 3);
        var alpha = new FakeHailort.Output("alpha", 1, 1, 2, 0f, 0.25f, "sum");
        var expected = new List<float>();
        foreach (FakeHailort.Output output in (FakeHailort.Output[])[zeta, alpha])
        {
            for (int row = 0; row < 2; row++)
            {
                byte[] q = [.. input.Skip(row * 4).Take(4).Select(f => FakeHailort.Quantize(f, 128f, 0.5f))];
                expected.AddRange(FakeHailort.Expected(output, q).Select(b => FakeHailort.Dequantize(b, output.ZeroPoint, output.Scale)));
            }
        }

        Assert.Equal(expected, actual);
    }
}
