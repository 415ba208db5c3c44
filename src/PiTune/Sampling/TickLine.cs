using System.Globalization;
using PiTune.Core.Metrics;

namespace PiTune.Sampling;

/// <summary>Formats a snapshot as the one-line readings shown each tick under <c>--simulate</c> and in STATUS=.</summary>
internal static class TickLine
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Temperature(ResourceMetrics m) =>
        m.Stale ? "STALE (sampling stuck)" : m.Thermal.Temperature?.ToString() ?? "temp n/a";

    public static string Cpu(ResourceMetrics m) =>
        m.Cpu.UsagePercent is { } cpu ? cpu.ToString("0", Inv) + " %" : "n/a";

    public static string Memory(ResourceMetrics m) =>
        m.Memory.UsagePercent is { } mem ? mem.ToString("0", Inv) + " %" : "n/a";

    public static string Frequency(ResourceMetrics m) =>
        m.Cpu.CurrentFrequency is { } f
            ? m.Cpu.MaxFrequency is { } max && max != f ? $"{f} (max {max})" : f.ToString()
            : "freq n/a";

    public static string Fan(ResourceMetrics m) =>
        m.Thermal.FanDuty is { } duty
            ? m.Thermal.FanRpm is { } rpm ? string.Create(Inv, $"{duty} {rpm} rpm") : duty.ToString()
            : "n/a";

    public static string Throttle(ResourceMetrics m) =>
        m.Thermal.Throttle is { } flags ? "0x" + ((uint)flags).ToString("x", Inv) : "n/a";

    /// <summary>The accelerator chip while HailoRT has it open (" | HAILO8L 51.2 °C 240 fps busy 38 %"), else nothing.</summary>
    public static string Chip(ResourceMetrics m) =>
        m.Accelerator.Chip is { } c
            ? string.Create(Inv, $" | {c.Architecture} {c.Hottest?.ToString() ?? "temp n/a"} {c.FramesPerSecond:0} fps busy {c.BusyPercent:0} %")
            : "";

    /// <summary>The short form systemd shows in <c>systemctl status</c>.</summary>
    public static string Status(ResourceMetrics m) =>
        $"{Temperature(m)}, CPU {Cpu(m)}, {Frequency(m)} {m.Cpu.Governor ?? "governor n/a"}, fan {Fan(m)}{Alerts(m)}";

    /// <summary>What needs a person's attention, for the status line: under-voltage, a failed fan, soft throttling.</summary>
    public static string Alerts(ResourceMetrics m) =>
        (m.Thermal.UnderVoltage == true ? ", UNDER-VOLTAGE (use the 5 V 5 A supply)" : "")
        + (m.Thermal.FanFailed ? ", FAN FAILED" : "")
        + (m.Thermal.State != Core.Thermal.ThermalState.Normal ? $", {m.Thermal.State.ToString().ToLowerInvariant()} (cap {m.Cpu.ThermalCap?.ToString() ?? "none"})" : "");
}
