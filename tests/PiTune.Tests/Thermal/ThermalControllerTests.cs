using PiTune.Core.Metrics;
using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Tests.Thermal;

public sealed class ThermalControllerTests
{
    [Fact]
    public void In_control_mode_the_zone_becomes_user_space_pwm1_follows_the_curve_and_stop_restores_both()
    {
        using var bed = new ThermalBed(new FanOptions { Mode = FanMode.Control, KickDuration = TimeSpan.Zero, MinOnTime = TimeSpan.FromSeconds(5), MinOffTime = TimeSpan.Zero, SpinDownDelay = TimeSpan.Zero });
        bed.Write(ThermalBed.Pwm1, "75"); // the kernel's level 1, as a warm Pi 5 has it
        bed.Start();
        Assert.Equal("user_space", bed.Read(ThermalBed.ZonePolicy));
        Assert.True(bed.Controller.Controlling);

        bed.SetTemperature(62);
        bed.Tick();
        Assert.Equal("128", bed.Read(ThermalBed.Pwm1)); // 50 %

        bed.SetTemperature(70);
        bed.Ticks(6);
        Assert.Equal("178", bed.Read(ThermalBed.Pwm1)); // 70 %

        bed.SetTemperature(80);
        ResourceMetrics hot = bed.Ticks(1);
        Assert.Equal("255", bed.Read(ThermalBed.Pwm1)); // the curve's top: at once
        Assert.True(hot.Thermal.FanControlled);

        bed.SetTemperature(52);
        bed.Ticks(6);
        Assert.Equal("76", bed.Read(ThermalBed.Pwm1)); // 30 %

        bed.Controller.Stop(bed.Fan);
        bed.Ledger.RestoreAll();
        Assert.Equal("step_wise", bed.Read(ThermalBed.ZonePolicy));
        Assert.Equal("75", bed.Read(ThermalBed.Pwm1));
    }

    [Fact]
    public void Without_user_space_in_available_policies_control_mode_stays_an_observer_and_says_why()
    {
        using var bed = new ThermalBed(prepareRoot: root =>
            File.WriteAllText(Path.Join(root, Simulation.Pi5Layout.Zone, "available_policies"), "step_wise power_allocator\n"));
        bed.Start();
        bed.SetTemperature(70);
        ResourceMetrics s = bed.Ticks(3);

        Assert.False(bed.Controller.Controlling);
        Assert.False(s.Thermal.FanControlled);
        Assert.Equal("step_wise", bed.Read(ThermalBed.ZonePolicy));
        Assert.Equal("0", bed.Read(ThermalBed.Pwm1));
        Assert.Empty(bed.Ledger.Entries);
        Assert.Contains(bed.Log.Entries, e => e.Id.Id == 1502 && e.Message.Contains("does not offer the user_space", StringComparison.Ordinal));
    }

    [Fact]
    public void Observe_mode_writes_nothing()
    {
        using var bed = new ThermalBed(new FanOptions()).Start();
        bed.SetTemperature(79);
        bed.Ticks(5);

        Assert.Empty(bed.Ledger.Entries);
        Assert.Equal("step_wise", bed.Read(ThermalBed.ZonePolicy));
    }

    [Fact]
    public void Above_the_soft_limit_the_published_cap_steps_down_each_tick_and_back_up_below_the_margin()
    {
        using var bed = new ThermalBed(new FanOptions()).Start();
        bed.SetTemperature(76);
        var caps = new List<long?>();
        for (int i = 0; i < 3; i++)
        {
            caps.Add(bed.Tick().Cpu.ThermalCap?.Value);
        }

        ResourceMetrics throttling = bed.Ticks(0);
        caps.Add(throttling.Cpu.ThermalCap?.Value);
        Assert.Equal(new long?[] { null, 2_300_000, 2_200_000, 2_100_000 }, caps); // published the tick after each decision
        Assert.Equal(ThermalState.Throttling, throttling.Thermal.State);
        Assert.Contains("throttling (cap 2.1 GHz)", PiTune.Sampling.TickLine.Status(throttling), StringComparison.Ordinal);
        Assert.Equal(1, throttling.Thermal.ThrottleEpisodes);
        Assert.Equal(1, bed.CountLogged(1503));

        bed.SetTemperature(60);
        ResourceMetrics recovering = bed.Ticks(1);
        Assert.Equal(2_200_000, recovering.Cpu.ThermalCap?.Value);
        Assert.Equal(ThermalState.Recovering, recovering.Thermal.State);

        ResourceMetrics recovered = bed.Ticks(2);
        Assert.Null(recovered.Cpu.ThermalCap);
        Assert.Equal(ThermalState.Normal, recovered.Thermal.State);
        Assert.Contains(bed.Log.Entries, e => e.Id.Id == 1504 && e.Message.Contains("cap lifted after", StringComparison.Ordinal));
    }

    [Fact]
    public void A_garbage_temperature_sends_the_fan_to_full_with_one_error_not_one_per_tick()
    {
        using var bed = new ThermalBed(new FanOptions { Mode = FanMode.Control, KickDuration = TimeSpan.Zero }).Start();
        bed.SetTemperature(52);
        bed.Tick();
        Assert.Equal("76", bed.Read(ThermalBed.Pwm1));

        bed.Write(Simulation.Pi5Layout.Zone + "/temp", "not a number");
        ResourceMetrics s = bed.Ticks(5);

        Assert.Equal("255", bed.Read(ThermalBed.Pwm1));
        Assert.True(s.Thermal.SensorFault);
        Assert.Equal(1, bed.CountLogged(1511));
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("-999999")]
    public void An_implausible_temperature_is_a_sensor_fault_that_neither_throttles_nor_lifts_a_cap(string milli)
    {
        using var bed = new ThermalBed(new FanOptions()).Start();
        bed.Write(Simulation.Pi5Layout.Zone + "/temp", milli);
        ResourceMetrics garbage = bed.Ticks(5);

        // Observing only, the fan is the kernel's; but nothing throttles on the garbage, and the snapshot says the sensor is faulted.
        Assert.Null(garbage.Thermal.Temperature);
        Assert.True(garbage.Thermal.SensorFault);
        Assert.Null(garbage.Cpu.ThermalCap);
        Assert.Equal(0, bed.CountLogged(1503));

        // A cap in force when the sensor goes bad holds: blind, the job neither lifts it nor steps it further down.
        bed.SetTemperature(76);
        long? cap = bed.Ticks(2).Cpu.ThermalCap?.Value;
        Assert.Equal(2_200_000, cap);
        bed.Write(Simulation.Pi5Layout.Zone + "/temp", milli);
        ResourceMetrics held = bed.Ticks(5);
        Assert.Equal(cap, held.Cpu.ThermalCap?.Value);
        Assert.True(held.Thermal.SensorFault);
    }

    [Fact]
    public void A_fan_driven_hard_reading_0_rpm_is_reported_failed_and_the_soft_limit_drops_until_it_turns()
    {
        using var bed = new ThermalBed(new FanOptions { Mode = FanMode.Control }).Start();
        bed.SetTemperature(70);
        bed.Write(ThermalBed.Rpm, "0");
        ResourceMetrics failed = bed.Ticks(12);

        Assert.True(failed.Thermal.FanFailed);
        Assert.Equal(new Celsius(65), failed.Thermal.SoftLimit);
        Assert.Equal(1, bed.CountLogged(1509));
        Assert.Equal(ThermalState.Throttling, failed.Thermal.State); // 70 °C is above the lowered limit

        bed.Write(ThermalBed.Rpm, "5900");
        ResourceMetrics answered = bed.Ticks(1);
        Assert.False(answered.Thermal.FanFailed);
        Assert.Equal(new Celsius(75), answered.Thermal.SoftLimit);
        Assert.Equal(1, bed.CountLogged(1510));
    }

    [Fact]
    public void Under_voltage_from_get_throttled_is_logged_once_at_warning_with_what_to_do()
    {
        using var bed = new ThermalBed(new FanOptions()).Start();
        bed.Write(Linux.SysPaths.GetThrottled, "50005");
        ResourceMetrics s = bed.Ticks(5);

        Assert.True(s.Thermal.UnderVoltage);
        Assert.Contains("UNDER-VOLTAGE", PiTune.Sampling.TickLine.Status(s), StringComparison.Ordinal);
        var lines = bed.Log.Entries.Where(e => e.Id.Id == 1506).ToList();
        Assert.Single(lines);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, lines[0].Level);
        Assert.Contains("5 V 5 A", lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("under-voltage, throttled now", lines[0].Message, StringComparison.Ordinal);

        bed.Write(Linux.SysPaths.GetThrottled, "50000");
        bed.Ticks(2);
        Assert.Equal(1, bed.CountLogged(1507));
    }

    [Fact]
    public void A_flickering_supply_is_not_a_flood_one_warning_then_a_count_at_most_every_ten_minutes()
    {
        using var bed = new ThermalBed(new FanOptions()).Start();
        for (int i = 0; i < 30; i++)
        {
            bed.Write(Linux.SysPaths.GetThrottled, i % 2 == 0 ? "50005" : "50000");
            bed.Tick();
        }

        Assert.Equal(1, bed.CountLogged(1506));
        Assert.Equal(0, bed.CountLogged(1521));
        Assert.Equal(1, bed.CountLogged(1507));

        bed.Time.Advance(TimeSpan.FromMinutes(10));
        bed.Write(Linux.SysPaths.GetThrottled, "50005");
        bed.Tick();
        Assert.Contains(bed.Log.Entries, e => e.Id.Id == 1521 && e.Message.Contains("16 episodes", StringComparison.Ordinal));
    }
}
