using PiTune.Inference.Hailo;
using PiTune.TestSupport;

namespace PiTune.Inference.Tests.Hailo;

[Collection(nameof(HailoCollection))]
public sealed class HailoFaultTests : IDisposable
{
    private static readonly HailoDeviceSettings Exclusive = new(false, null);
    private readonly FakeChip _chip = new();

    public void Dispose() => _chip.Dispose();

    [Theory]
    [InlineData("no-driver", 64, "hailo_create_vdevice: HAILO_DRIVER_NOT_INSTALLED (64): the hailo_pci driver is not loaded")]
    [InlineData("no-device", 74, "hailo_create_vdevice: HAILO_OUT_OF_PHYSICAL_DEVICES (74): no free Hailo device")]
    [InlineData("busy", 74, "hailo_create_vdevice: HAILO_OUT_OF_PHYSICAL_DEVICES (74)")]
    [InlineData("driver-version", 76, "hailo_create_vdevice: HAILO_INVALID_DRIVER_VERSION (76): the hailo_pci driver's version differs")]
    public void Opening_fails_with_the_librarys_status_and_one_line(string mode, int status, string message)
    {
        _chip.Control.SetMode(mode);

        var ex = Assert.Throws<HailoException>(() => HailoDevice.Open(Exclusive));

        Assert.Equal((HailoStatus)status, ex.Status);
        Assert.Equal("hailo_create_vdevice", ex.Function);
        Assert.StartsWith(message, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void The_chip_appearing_later_is_found_by_opening_again()
    {
        _chip.Control.SetMode("no-device");
        Assert.Throws<HailoException>(() => HailoDevice.Open(Exclusive));

        _chip.Control.SetMode(null);
        using HailoDevice device = HailoDevice.Open(Exclusive);
    }

    [Fact]
    public void A_second_vdevice_finds_the_chip_claimed_until_the_first_is_released()
    {
        HailoDevice first = HailoDevice.Open(Exclusive);

        var ex = Assert.Throws<HailoException>(() => HailoDevice.Open(Exclusive));
        Assert.Equal(HailoStatus.OutOfPhysicalDevices, ex.Status);

        first.Dispose();
        using HailoDevice second = HailoDevice.Open(Exclusive);
    }

    [Fact]
    public void The_service_shares_the_chip_within_one_group_id_only()
    {
        using HailoDevice first = HailoDevice.Open(new HailoDeviceSettings(true, "SHARED"));
        using HailoDevice second = HailoDevice.Open(new HailoDeviceSettings(true, "SHARED"));

        Assert.Equal(HailoStatus.OutOfPhysicalDevices,
            Assert.Throws<HailoException>(() => HailoDevice.Open(new HailoDeviceSettings(true, "OTHER"))).Status);
        Assert.Equal(HailoStatus.OutOfPhysicalDevices,
            Assert.Throws<HailoException>(() => HailoDevice.Open(Exclusive)).Status);
    }

    [Fact]
    public void The_service_with_the_default_unique_group_does_not_share()
    {
        using HailoDevice first = HailoDevice.Open(new HailoDeviceSettings(true, null));

        Assert.Equal(HailoStatus.OutOfPhysicalDevices,
            Assert.Throws<HailoException>(() => HailoDevice.Open(new HailoDeviceSettings(true, null))).Status);
    }

    [Fact]
    public void A_library_built_without_the_service_refuses_multi_process()
    {
        _chip.Control.SetMode("no-service");

        var ex = Assert.Throws<HailoException>(() => HailoDevice.Open(new HailoDeviceSettings(true, "SHARED")));

        Assert.Equal(HailoStatus.InvalidOperation, ex.Status);
        Assert.Contains("MultiProcessService", ex.Message);
    }

    [Fact]
    public void A_missing_model_is_an_open_file_failure_naming_the_path()
    {
        using HailoDevice device = HailoDevice.Open(Exclusive);
        string path = _chip.Model("missing.hef");

        var ex = Assert.Throws<HailoException>(() => device.Configure(path, FakeChip.Settings()));

        Assert.Equal(HailoStatus.OpenFileFailure, ex.Status);
        Assert.Equal($"hailo_create_hef_file: HAILO_OPEN_FILE_FAILURE (13): the model file cannot be read ({path})", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_an_invalid_hef()
    {
        using HailoDevice device = HailoDevice.Open(Exclusive);
        string path = _chip.Model("garbage.hef");
        File.WriteAllBytes(path, [0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]);

        var ex = Assert.Throws<HailoException>(() => device.Configure(path, FakeChip.Settings()));

        Assert.Equal(HailoStatus.InvalidHef, ex.Status);
        Assert.StartsWith("hailo_create_hef_file: HAILO_INVALID_HEF (26)", ex.Message);
    }

    [Fact]
    public void A_truncated_model_is_a_corrupted_hef()
    {
        using HailoDevice device = HailoDevice.Open(Exclusive);
        string path = FakeHailort.WriteDefaultModel(_chip.Model("cut.hef"));
        File.WriteAllText(path, File.ReadAllText(path)[..60]);

        var ex = Assert.Throws<HailoException>(() => device.Configure(path, FakeChip.Settings()));

        Assert.Equal(HailoStatus.HefFileCorrupted, ex.Status);
        Assert.StartsWith("hailo_create_hef_file: HAILO_HEF_FILE_CORRUPTED (91)", ex.Message);
    }

    [Fact]
    public void A_hailo8_model_does_not_run_on_a_hailo8l_but_a_hailo8l_model_runs_on_a_hailo8()
    {
        string h8 = FakeHailort.WriteModel(_chip.Model("h8.hef"), "h8", "HAILO8",
            [new FakeHailort.Stream("in", 1, 1, 1, 0f, 1f)], [new FakeHailort.Output("out", 1, 1, 1, 0f, 1f, "add", 1)]);
        using HailoDevice device = HailoDevice.Open(Exclusive);

        var ex = Assert.Throws<HailoException>(() => device.Configure(h8, FakeChip.Settings()));
        Assert.Equal(HailoStatus.HefNotCompatibleWithDevice, ex.Status);
        Assert.Equal($"hailo_configure_vdevice: HAILO_HEF_NOT_COMPATIBLE_WITH_DEVICE (93): the HEF was compiled for another chip (a Hailo-8L runs only Hailo-8L HEFs) ({h8})", ex.Message);

        _chip.Control.SetArchitecture("HAILO8");
        using HailoNetwork network = device.Configure(h8, FakeChip.Settings());
        using HailoNetwork l = device.Configure(FakeHailort.WriteDefaultModel(_chip.Model("l.hef"), group: "l"), FakeChip.Settings());
    }

    [Fact]
    public void A_model_with_two_inputs_is_refused_naming_them()
    {
        string path = FakeHailort.WriteModel(_chip.Model("two.hef"), "two", "HAILO8L",
            [new FakeHailort.Stream("rgb", 1, 1, 3, 0f, 1f), new FakeHailort.Stream("depth", 1, 1, 1, 0f, 1f)],
            [new FakeHailort.Output("out", 1, 1, 1, 0f, 1f, "add", 1)]);
        using HailoDevice device = HailoDevice.Open(Exclusive);

        var ex = Assert.Throws<HailoException>(() => device.Configure(path, FakeChip.Settings()));

        Assert.Equal(HailoStatus.NotSupported, ex.Status);
        Assert.Equal($"{path} has 2 inputs (depth, rgb); PiTune serves one-input models", ex.Message);
    }

    [Fact]
    public void A_stalled_chip_times_out_the_run_and_the_network_serves_again_once_it_answers()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("stall.hef"), group: "stall");
        using HailoDevice device = HailoDevice.Open(Exclusive);
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false));
        using var input = new NativeBuffer<byte>(4 * 4);
        using var zeta = new NativeBuffer<byte>(4 * 4);
        using var alpha = new NativeBuffer<byte>(4 * 2);
        input.Span.Fill(9);

        _chip.Control.SetStall(true);
        var ex = Assert.Throws<HailoException>(() => network.Run(input.Pointer, 4, [zeta.Pointer, alpha.Pointer]));
        Assert.Equal(HailoStatus.Timeout, ex.Status);
        Assert.StartsWith("hailo_vstream_read_raw_buffer: HAILO_TIMEOUT (4): the chip did not answer within the frame timeout (stall output ", ex.Message);
        Assert.Equal(0, network.FramesDone);

        _chip.Control.SetStall(false);
        input.Span.Fill(40);
        network.Run(input.Pointer, 4, [zeta.Pointer, alpha.Pointer]);

        Assert.All(zeta.Span.ToArray(), b => Assert.Equal(43, b));
        Assert.Equal(4, network.FramesDone);
    }

    [Fact]
    public void A_network_whose_vstreams_cannot_be_made_again_is_broken_and_refuses_every_later_run_with_why()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("gone.hef"), group: "gone");
        using HailoDevice device = HailoDevice.Open(Exclusive);
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false));
        using var input = new NativeBuffer<byte>(4);
        using var zeta = new NativeBuffer<byte>(4);
        using var alpha = new NativeBuffer<byte>(2);
        Assert.Null(network.Broken);

        _chip.Control.SetMode("gone");
        var ex = Assert.Throws<HailoException>(() => network.Run(input.Pointer, 1, [zeta.Pointer, alpha.Pointer]));

        Assert.Equal(HailoStatus.DriverOperationFailed, ex.Status);
        Assert.StartsWith("gone: the vstreams could not be made again after hailo_vstream_write_raw_buffer: HAILO_DRIVER_OPERATION_FAILED (36)", network.Broken);
        Assert.Contains("hailo_create_input_vstreams: HAILO_DRIVER_OPERATION_FAILED (36)", network.Broken, StringComparison.Ordinal);

        // The chip answering again does not mend this network group: it must be configured afresh.
        _chip.Control.SetMode(null);
        var refused = Assert.Throws<HailoException>(() => network.Run(input.Pointer, 1, [zeta.Pointer, alpha.Pointer]));
        Assert.Equal(network.Broken, refused.Message);
    }

    [Fact]
    public void Frames_the_chip_answers_after_a_failed_run_are_not_read_as_the_next_runs()
    {
        // While stalled the fake holds the frames and delivers them late, before the next frame once it answers
        // again: the next run must not read them as its own.
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("late.hef"), group: "late");
        using HailoDevice device = HailoDevice.Open(Exclusive);
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false));
        using var input = new NativeBuffer<byte>(4 * 2);
        using var zeta = new NativeBuffer<byte>(4 * 2);
        using var alpha = new NativeBuffer<byte>(2 * 2);
        input.Span.Fill(1);

        _chip.Control.SetStall(true);
        Assert.Throws<HailoException>(() => network.Run(input.Pointer, 2, [zeta.Pointer, alpha.Pointer]));
        _chip.Control.SetStall(false);
        input.Span.Fill(100);
        network.Run(input.Pointer, 2, [zeta.Pointer, alpha.Pointer]);

        Assert.All(zeta.Span.ToArray(), b => Assert.Equal(103, b));
        Assert.All(alpha.Span.ToArray(), b => Assert.InRange(b, 144, 145)); // 4 × 100 + i, mod 256
    }

    [Fact]
    public void A_read_times_out_after_the_frame_timeout()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("slow.hef"), group: "slow");
        using HailoDevice device = HailoDevice.Open(Exclusive);
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false, frameTimeout: TimeSpan.FromMilliseconds(50)));
        using var input = new NativeBuffer<byte>(4);
        using var zeta = new NativeBuffer<byte>(4);
        using var alpha = new NativeBuffer<byte>(2);
        _chip.Control.SetStall(true, waitOutTimeout: true);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        var ex = Assert.Throws<HailoException>(() => network.Run(input.Pointer, 1, [zeta.Pointer, alpha.Pointer]));

        Assert.Equal(HailoStatus.Timeout, ex.Status);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Run_refuses_a_wrong_number_of_output_buffers()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("args.hef"), group: "args");
        using HailoDevice device = HailoDevice.Open(Exclusive);
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings());
        using var input = new NativeBuffer<float>(4);
        using var zeta = new NativeBuffer<float>(4);

        var ex = Assert.Throws<ArgumentException>(() => network.Run(input.Pointer, 1, [zeta.Pointer]));
        Assert.StartsWith("args has 2 outputs, 1 buffers given", ex.Message);
    }
}
