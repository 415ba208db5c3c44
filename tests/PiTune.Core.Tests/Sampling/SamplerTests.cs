using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Sampling;
using PiTune.Core.Tests.Fakes;
using PiTune.Core.Units;

namespace PiTune.Core.Tests.Sampling;

public sealed class SamplerTests
{
    private readonly FakeMachine _machine = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Cpu_usage_comes_from_proc_stat_deltas_total_and_per_core()
    {
        var sampler = new Sampler(_machine, [], _time, NullLogger<Sampler>.Instance);
        Assert.Null(sampler.Sample().Cpu.UsagePercent);

        _machine.Stat.Advance(0, busy: 100, idle: 0);
        _machine.Stat.Advance(1, busy: 50, idle: 50);
        _machine.Stat.Advance(2, busy: 0, idle: 100);
        _machine.Stat.Advance(3, busy: 0, idle: 100);
        ResourceMetrics m = sampler.Sample();

        Assert.Equal(37.5, m.Cpu.UsagePercent);
        Assert.Equal([100.0, 50.0, 0.0, 0.0], m.Cpu.PerCorePercent.ToArray());
        Assert.Equal(2, m.Sequence);
    }

    [Fact]
    public void Two_reads_with_no_clock_tick_between_them_keep_the_last_usage_and_the_baseline()
    {
        var sampler = new Sampler(_machine, [], _time, NullLogger<Sampler>.Instance);
        sampler.Sample();
        _machine.Stat.Advance(0, busy: 100, idle: 300);
        Assert.Equal(25, sampler.Sample().Cpu.UsagePercent);

        // Nothing advanced: the figure stands rather than going blank.
        ResourceMetrics unchanged = sampler.Sample();
        Assert.Equal(25, unchanged.Cpu.UsagePercent);
        Assert.Equal(4, unchanged.Cpu.PerCorePercent.Length);

        // The next delta is measured from the last real change.
        _machine.Stat.Advance(1, busy: 400, idle: 0);
        Assert.Equal(100, sampler.Sample().Cpu.UsagePercent);
    }

    [Fact]
    public void Readings_land_in_their_fields()
    {
        var sampler = new Sampler(_machine, [], _time, NullLogger<Sampler>.Instance);
        ResourceMetrics m = sampler.Sample();
        Assert.Equal(new Celsius(45), m.Thermal.Temperature);
        Assert.Equal("ondemand", m.Cpu.Governor);
        Assert.Equal(new KiloHertz(1_500_000), m.Cpu.CurrentFrequency);
        Assert.Equal(25, m.Memory.UsagePercent);
        Assert.Equal(1.5, m.Memory.PressureSomeAvg10);
    }

    [Fact]
    public void A_zone_whose_temperature_cannot_be_read_marks_the_snapshot_sensor_faulted_until_it_reads_again()
    {
        var sampler = new Sampler(_machine, [], _time, NullLogger<Sampler>.Instance);
        Assert.False(sampler.Sample().Thermal.SensorFault);

        _machine.Zone.Temperature = ReadResult<Celsius>.Fail(ReadStatus.Garbage, "sys/class/thermal/thermal_zone0/temp", "implausible");
        Assert.True(sampler.Sample().Thermal.SensorFault);

        _machine.Zone.Temperature = ReadResult<Celsius>.Ok(new Celsius(50));
        Assert.False(sampler.Sample().Thermal.SensorFault);
    }

    [Fact]
    public void A_garbage_temperature_leaves_the_field_empty_and_is_logged_once()
    {
        var log = new CountingLogger();
        var sampler = new Sampler(_machine, [], _time, log);
        sampler.Sample();
        _machine.Zone.Temperature = ReadResult<Celsius>.Fail(ReadStatus.Garbage, "sys/class/thermal/thermal_zone0/temp", "expected an integer, found 'x'");
        for (int i = 0; i < 100; i++)
        {
            Assert.Null(sampler.Sample().Thermal.Temperature);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, log.Warnings);
        _machine.Zone.Temperature = ReadResult<Celsius>.Ok(new Celsius(50));
        Assert.Equal(new Celsius(50), sampler.Sample().Thermal.Temperature);
        Assert.Equal(1, log.Informations);
    }

    [Fact]
    public void A_machine_without_a_thermal_zone_or_cpufreq_is_still_sampled()
    {
        _machine.HasZone = false;
        _machine.Policies.Clear();
        var sampler = new Sampler(_machine, [], _time, NullLogger<Sampler>.Instance);
        ResourceMetrics m = sampler.Sample();
        Assert.Null(m.Thermal.Temperature);
        Assert.Null(m.Cpu.Governor);
        Assert.NotNull(m.Memory.UsagePercent);
    }

    [Fact]
    public void Contributors_fill_their_sections_and_a_failing_one_does_not_stop_the_tick()
    {
        var sampler = new Sampler(_machine, [new ThrowingContributor(), new PoolContributor()], _time, NullLogger<Sampler>.Instance);
        Assert.Equal(42, sampler.Sample().Pool.BytesInUse);
    }

    private sealed class ThrowingContributor : IMetricsContributor
    {
        public void Contribute(ResourceMetricsDraft draft) => throw new InvalidOperationException("bug");
    }

    private sealed class PoolContributor : IMetricsContributor
    {
        public void Contribute(ResourceMetricsDraft draft) => draft.Pool = draft.Pool with { BytesInUse = 42 };
    }

    private sealed class CountingLogger : ILogger<Sampler>
    {
        public int Warnings { get; private set; }
        public int Informations { get; private set; }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings++;
            }
            else if (logLevel == LogLevel.Information)
            {
                Informations++;
            }
        }
    }
}
