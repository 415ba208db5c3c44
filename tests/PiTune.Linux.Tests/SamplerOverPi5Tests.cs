using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Sampling;
using PiTune.Core.Units;
using PiTune.Linux.Tests.Support;
using PiTune.Simulation;

namespace PiTune.Linux.Tests;

public sealed class SamplerOverPi5Tests
{
    [Fact]
    public void A_sampler_over_a_pi5_folder_fills_cpu_memory_and_thermal()
    {
        using TempRoot root = TempRoot.Empty();
        Pi5Layout.Write(root.Path, temperatureC: 52.5);
        var sampler = new Sampler(LinuxMachine.Discover(root.Files), [], new FakeTimeProvider(), NullLogger<Sampler>.Instance);
        sampler.Sample();
        root.Write("proc/stat", Pi5Layout.ProcStat([50, 50, 50, 50], [50, 50, 50, 50]));

        ResourceMetrics snapshot = sampler.Sample();

        Assert.Equal(50, snapshot.Cpu.UsagePercent!.Value, precision: 6);
        Assert.Equal(4, snapshot.Cpu.PerCorePercent.Length);
        Assert.Equal("ondemand", snapshot.Cpu.Governor);
        Assert.Equal(new KiloHertz(2400000), snapshot.Cpu.MaxFrequency);
        Assert.Equal(Pi5Layout.MemTotalKb * 1024, snapshot.Memory.TotalBytes);
        Assert.Equal(0, snapshot.Memory.PressureSomeAvg10);
        Assert.Equal(new Celsius(52.5), snapshot.Thermal.Temperature);
        Assert.Equal(DutyCycle.Off, snapshot.Thermal.FanDuty);
        Assert.Equal(0, snapshot.Thermal.FanRpm);
        Assert.Equal(ThrottleFlags.None, snapshot.Thermal.Throttle);
        Assert.False(snapshot.Thermal.UnderVoltage);
    }

    [Fact]
    public void A_sampler_over_an_empty_folder_leaves_every_field_empty()
    {
        using TempRoot root = TempRoot.Empty();
        var sampler = new Sampler(LinuxMachine.Discover(root.Files), [], new FakeTimeProvider(), NullLogger<Sampler>.Instance);

        ResourceMetrics snapshot = sampler.Sample();

        Assert.Null(snapshot.Cpu.UsagePercent);
        Assert.Null(snapshot.Memory.TotalBytes);
        Assert.Null(snapshot.Thermal.Temperature);
    }
}
