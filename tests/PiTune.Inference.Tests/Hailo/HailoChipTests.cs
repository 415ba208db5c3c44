using PiTune.Inference.Hailo;
using PiTune.TestSupport;

namespace PiTune.Inference.Tests.Hailo;

[Collection(nameof(HailoCollection))]
public sealed class HailoChipTests : IDisposable
{
    private readonly FakeChip _chip = new();

    public void Dispose() => _chip.Dispose();

    [Fact]
    public void Reads_the_architecture_and_both_sensors()
    {
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));

        Assert.Equal(new HailoChipReading(HailoArchitecture.Hailo8L, 45.5f, 47.25f), device.ReadChip());

        _chip.Control.SetArchitecture("HAILO8");
        _chip.Control.SetTemperatures(81.5f, 83.75f);
        Assert.Equal(new HailoChipReading(HailoArchitecture.Hailo8, 81.5f, 83.75f), device.ReadChip());
    }

    [Fact]
    public async Task Reads_the_chip_while_a_network_runs()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("busy.hef"), group: "busy");
        using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
        using HailoNetwork network = device.Configure(hef, FakeChip.Settings(floats: false));
        using var input = new NativeBuffer<byte>(64 * 4);
        using var zeta = new NativeBuffer<byte>(64 * 4);
        using var alpha = new NativeBuffer<byte>(64 * 2);
        using var readerDone = new ManualResetEventSlim();
        int runs = 0;

        Task reader = Task.Factory.StartNew(() =>
        {
            try
            {
                for (int i = 0; i < 100; i++)
                    Assert.Equal(HailoArchitecture.Hailo8L, device.ReadChip().Architecture);
            }
            finally
            {
                readerDone.Set();
            }
        }, TaskCreationOptions.LongRunning);
        do
        {
            network.Run(input.Pointer, 64, [zeta.Pointer, alpha.Pointer]);
            runs++;
        }
        while (!readerDone.IsSet);
        await reader;

        Assert.Equal(runs * 64, network.FramesDone);
    }

    [Fact]
    public void A_disposed_device_releases_the_chip_and_its_networks()
    {
        string hef = FakeHailort.WriteDefaultModel(_chip.Model("gone.hef"), group: "gone");
        HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
        HailoNetwork network = device.Configure(hef, FakeChip.Settings());

        device.Dispose();

        Assert.Null(FakeHailort.NetworkSettings("gone"));
        Assert.Throws<ObjectDisposedException>(() => network.Run(0, 1, [0, 0]));
        Assert.Throws<ObjectDisposedException>(() => device.ReadChip());
        using HailoDevice again = HailoDevice.Open(new HailoDeviceSettings(false, null));
    }
}
