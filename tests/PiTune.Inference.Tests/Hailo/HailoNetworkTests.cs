using PiTune.Inference.Hailo;
using PiTune.TestSupport;

namespace PiTune.Inference.Tests.Hailo;

[Collection(nameof(HailoCollection))]
public sealed class HailoNetworkTests : IDisposable
{
    private static readonly FakeHailort.Stream In = new("in", 1, 1, 4, 128f, 0.5f);
    private static readonly FakeHailort.Output Zeta = new("zeta", 1, 1, 4, 128f, 0.5f, "add", 3);
    private static readonly FakeHailort.Output Alpha = new("alpha", 1, 1, 2, 0f, 0.25f, "sum");

    private readonly FakeChip _chip = new();

    public void Dispose() => _chip.Dispose();

    [Fact]
    public void Describes_the_input_and_the_outputs_in_the_hefs_sorted_order()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("tiny.hef"));
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));

        using HailoNetwork network = device.Configure(hef, FakeChip.Settings());

        Assert.Equal("tiny", network.Name);
        Assert.Equal(new HailoStreamInfo("in", 1, 1, 4, HailoFormatType.Float32, 16), network.Input);
        Assert.Equal(
            [new HailoStreamInfo("zeta", 1, 1, 4, HailoFormatType.Float32, 16), new HailoStreamInfo("alpha", 1, 1, 2, HailoFormatType.Float32, 8)],
            network.Outputs);
    }

    [Fact]
    public void Raw_streams_carry_the_device_type()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("tiny.hef"));
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));

        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false));

        Assert.Equal(new HailoStreamInfo("in", 1, 1, 4, HailoFormatType.Uint8, 4), network.Input);
        Assert.Equal(HailoFormatType.Uint8, network.Outputs[0].Type);
        Assert.Equal(2, network.Outputs[1].FrameBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(64)]
    public void Float32_frames_are_quantised_run_and_dequantised(int frames)
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("tiny.hef"));
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(batch: 8));
        using var input = new NativeBuffer<float>(frames * 4);
        using var zeta = new NativeBuffer<float>(frames * 4);
        using var alpha = new NativeBuffer<float>(frames * 2);
        for (int i = 0; i < input.Count; i++)
            input.Span[i] = (i % 23 - 11) * 0.5f; // on the quantisation grid, so q is exact

        network.Run(input.Pointer, frames, [zeta.Pointer, alpha.Pointer]);

        for (int f = 0; f < frames; f++)
        {
            byte[] q = new byte[4];
            for (int i = 0; i < 4; i++)
                q[i] = FakeHailort.Quantize(input.Span[f * 4 + i], In.ZeroPoint, In.Scale);
            Assert.Equal(Dequantized(FakeHailort.Expected(Zeta, q), Zeta), zeta.Span.Slice(f * 4, 4).ToArray());
            Assert.Equal(Dequantized(FakeHailort.Expected(Alpha, q), Alpha), alpha.Span.Slice(f * 2, 2).ToArray());
            Assert.Equal((input.Span[f * 4] + 1.5f), zeta.Span[f * 4]); // add 3 at scale 0.5
        }

        Assert.Equal(frames, network.FramesDone);
        Assert.Equal(0, network.FramesInFlight);
    }

    [Fact]
    public void Uint8_frames_pass_raw()
    {
        string hef = FakeHailort.WriteModel(_chip.Model("raw.hef"), "raw", "HAILO8L",
            [new FakeHailort.Stream("image", 2, 3, 3, 0f, 1f)],
            [new FakeHailort.Output("b-xor", 2, 3, 3, 0f, 1f, "xor", 0x5A), new FakeHailort.Output("a-sum", 1, 1, 10, 0f, 1f, "sum")]);
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false, batch: 4));
        const int frames = 5;
        using var input = new NativeBuffer<byte>(frames * 18);
        using var xor = new NativeBuffer<byte>(frames * 18);
        using var sum = new NativeBuffer<byte>(frames * 10);
        for (int i = 0; i < input.Count; i++)
            input.Span[i] = (byte)(i * 7);

        network.Run(input.Pointer, frames, [xor.Pointer, sum.Pointer]);

        Assert.Equal(["b-xor", "a-sum"], network.Outputs.Select(o => o.Name));
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<byte> frame = input.Span.Slice(f * 18, 18);
            Assert.Equal(FakeHailort.Expected(new FakeHailort.Output("b-xor", 2, 3, 3, 0f, 1f, "xor", 0x5A), frame), xor.Span.Slice(f * 18, 18).ToArray());
            Assert.Equal(FakeHailort.Expected(new FakeHailort.Output("a-sum", 1, 1, 10, 0f, 1f, "sum"), frame), sum.Span.Slice(f * 10, 10).ToArray());
        }
    }

    [Fact]
    public void Consecutive_runs_each_get_their_own_frames()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("tiny.hef"));
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false));
        using var input = new NativeBuffer<byte>(4);
        using var zeta = new NativeBuffer<byte>(4);
        using var alpha = new NativeBuffer<byte>(2);

        for (int run = 0; run < 100; run++)
        {
            input.Span.Fill((byte)run);
            network.Run(input.Pointer, 1, [zeta.Pointer, alpha.Pointer]);
            Assert.Equal((byte)(run + 3), zeta.Span[3]);
            Assert.Equal((byte)(run * 4 + 1), alpha.Span[1]);
        }

        Assert.Equal(100, network.FramesDone);
    }

    [Fact]
    public void Batch_size_and_scheduler_settings_reach_the_network_group()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("sched.hef"), group: "sched");
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));

        using HailoNetwork network = device.Configure(hef, new HailoNetworkSettings(true, true, 8, 25, 4, 20, TimeSpan.FromSeconds(30)));

        Assert.Equal(((ushort)8, 25u, 4u, (byte)20), FakeHailort.NetworkSettings("sched"));
    }

    [Fact]
    public void Unset_scheduler_settings_keep_the_librarys_defaults()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("defaults.hef"), group: "defaults");
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));

        using HailoNetwork network = device.Configure(hef, FakeChip.Settings());

        Assert.Equal(((ushort)0, 0u, 0u, (byte)16), FakeHailort.NetworkSettings("defaults"));
    }

    [Fact]
    public async Task Two_networks_on_one_vdevice_run_from_two_threads()
    {
        string first = FakeHailort.WriteDefaultModel(_chip.Model("first.hef"), group: "first");
        string second = FakeHailort.WriteModel(_chip.Model("second.hef"), "second", "HAILO8L",
            [new FakeHailort.Stream("x", 1, 1, 8, 0f, 1f)],
            [new FakeHailort.Output("y", 1, 1, 8, 0f, 1f, "add", 100)]);
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
        using HailoNetwork a = device.Configure(first, FakeChip.Settings(floats: false, batch: 8));
        using HailoNetwork b = device.Configure(second, FakeChip.Settings(floats: false, batch: 8));
        using var start = new Barrier(2);

        void Drive(HailoNetwork network, int seed)
        {
            int inBytes = network.Input.FrameBytes;
            using var input = new NativeBuffer<byte>(8 * inBytes);
            var outputs = network.Outputs.Select(o => new NativeBuffer<byte>(8 * o.FrameBytes)).ToArray();
            try
            {
                start.SignalAndWait();
                for (int run = 0; run < 50; run++)
                {
                    for (int i = 0; i < input.Count; i++)
                        input.Span[i] = (byte)(seed + run + i);
                    network.Run(input.Pointer, 8, outputs.Select(o => o.Pointer).ToArray());
                    for (int f = 0; f < 8; f++)
                    {
                        ReadOnlySpan<byte> frame = input.Span.Slice(f * inBytes, inBytes);
                        byte expected = network.Name == "first" ? (byte)(frame[0] + 3) : (byte)(frame[0] + 100);
                        Assert.Equal(expected, outputs[0].Span[f * network.Outputs[0].FrameBytes]);
                    }
                }
            }
            finally
            {
                foreach (NativeBuffer<byte> o in outputs)
                    o.Dispose();
            }
        }

        Task ta = Task.Factory.StartNew(() => Drive(a, 1), TaskCreationOptions.LongRunning);
        Task tb = Task.Factory.StartNew(() => Drive(b, 50), TaskCreationOptions.LongRunning);
        await Task.WhenAll(ta, tb);

        Assert.Equal(400, a.FramesDone);
        Assert.Equal(400, b.FramesDone);
    }

    [Fact]
    public void The_library_counts_frames_in_the_control_folder_when_asked()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("count.hef"), group: "count");
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false));
        using var input = new NativeBuffer<byte>(3 * 4);
        using var zeta = new NativeBuffer<byte>(3 * 4);
        using var alpha = new NativeBuffer<byte>(3 * 2);
        ulong before = FakeHailort.FramesProcessed();
        _chip.Control.CountFrames();

        network.Run(input.Pointer, 3, [zeta.Pointer, alpha.Pointer]);

        Assert.Equal(before + 3, FakeHailort.FramesProcessed());
        Assert.Equal((long)before + 3, _chip.Control.FramesProcessed());
    }

    [Fact]
    public void Reader_threads_are_named_after_the_model()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("named.hef"), group: "named");
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings());

        string[] names = Directory.GetDirectories($"/proc/{Environment.ProcessId}/task")
            .Select(t => File.ReadAllText(Path.Join(t, "comm")).Trim())
            .ToArray();

        // The kernel keeps 15 bytes of a thread's name.
        Assert.Contains("pitune-hailo-na", names);
    }

    private static float[] Dequantized(byte[] q, FakeHailort.Output output) =>
        q.Select(b => FakeHailort.Dequantize(b, output.ZeroPoint, output.Scale)).ToArray();
}
