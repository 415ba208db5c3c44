using System.Globalization;

namespace PiTune.Cli;

/// <summary><c>pitune top</c> with its output not on a terminal (a pipe, a file, TERM=dumb): one line per refresh.</summary>
internal static class TopLine
{
    public static string Format(TopSample? s, TopStatus? status)
    {
        if (s is null)
        {
            return "no snapshot yet";
        }

        string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
        string time = s.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string sequence = s.Sequence.ToString(CultureInfo.InvariantCulture);
        string throttle = s.Throttle is { } t ? "0x" + t.ToString("x", CultureInfo.InvariantCulture) : "n/a";
        bool under = s.UnderVoltage == true || (s.Throttle & 1) == 1;
        return $"{time} seq {sequence}{(s.Stale ? " STALE" : "")} temp {F(s.TemperatureC, "0.0")}C"
            + $" freq {F(s.CurrentKHz / 1000, "0")}MHz cap {F((s.ThermalCapKHz ?? s.MaxKHz) / 1000, "0")}MHz"
            + $" fan {F(s.FanDutyPercent, "0")}% {F(s.FanRpm, "0")}rpm cpu {F(s.CpuPercent, "0.0")}%"
            + $" mem {F(s.MemoryPercent, "0.0")}% psi {F(s.MemoryPressure, "0.00")}"
            + $" queue {F(s.QueueDepth, "0")} p95 {F(s.LatencyP95Ms, "0.0")}ms rps {F(s.RequestsPerSecond, "0.0")}"
            + $" governor {status?.Governor ?? "n/a"}{(status?.Profile is { } p ? " profile " + p : "")}"
            + $" throttle {throttle}{(under ? " UNDER-VOLTAGE" : "")}";
    }
}
